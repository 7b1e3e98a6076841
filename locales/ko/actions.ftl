# 후속 조치: 항목 페이지, 목록, 보드, 대시보드, 캘린더 피드, 웹훅 설정.

## 저장된 값의 표시 이름 (데이터베이스, CSV, API는 값 그대로 씁니다).
action-status-open = 열림
action-status-in-progress = 진행 중
action-status-done = 완료
action-status-wont-do = 하지 않음
action-status-unknown = 알 수 없음
action-type-prevent = 예방
action-type-mitigate = 완화
action-type-detect = 탐지
action-type-process = 프로세스
action-type-communicate = 소통
action-sort-due = 기한
action-sort-priority = 우선순위
action-sort-newest = 최신순
action-sort-updated = 최근 변경순

## 항목 페이지
action-breadcrumb = 후속 조치
action-status = 상태
action-owner = 담당자
action-owner-nobody = 아직 없음
action-no-owner = 담당자 없음
action-due = 기한
action-due-date = 기한
# 목록에서 쉼표 뒤에 옵니다: "P1, 안나, 기한 2026년 3월 1일".
action-due-on = 기한 { $date }
action-priority = 우선순위
action-type = 유형
action-why-not = 하지 않는 이유:
action-tracked-in = 추적 위치: { $link }
action-change = 변경
action-title = 제목
action-description = 설명
action-reason = 사유 (하지 않음으로 바꿀 때 필요)
action-link = 이슈 트래커 링크
action-public = 공개: 고객용 장애 보고서에 표시
action-save = 변경 사항 저장
action-saved = 저장했습니다.
action-history = 변경 기록
action-history-created = 만들었습니다.
action-history-someone = 누군가
action-history-person = 사용자 { $id }
action-history-yes = 예
action-history-no = 아니요
# $field는 저장된 필드 이름이고, $old와 $new는 굵게 표시됩니다.
action-history-changed =
    { $field ->
        [owner_id] 담당자를
        [due_date] 기한을
        [external_url] 링크를
        [status_reason] 사유를
        [title] 제목을
        [description] 설명을
        [type] 유형을
        [priority] 우선순위를
        [status] 상태를
        [public] 공개 여부를
       *[other] { $field } 항목을
    } { $old }에서 { $new }(으)로 바꿨습니다.
action-status-set = { $title }: { $status }.

## 장애 페이지
action-incident-heading = 후속 조치
action-incident-empty = 아직 후속 조치가 없습니다.
action-add-summary = 후속 조치 추가
action-add-title = 무엇을 할까요?
action-add-submit = 후속 조치 추가
action-added = 후속 조치를 추가했습니다.

## 목록
action-list-mine = 내가 맡은 미완료 후속 조치
action-list-title = 후속 조치
action-filter-team = 팀
action-filter-all-teams = 내 모든 팀
action-filter-anyone = 누구나
action-filter-me = 나
action-filter-any = 전체
action-filter-still-to-do = 아직 할 일
action-filter-due-from = 기한 시작
action-filter-due-until = 기한 끝
action-filter-sort = 정렬
action-filter-overdue = 기한 지난 항목만
action-filter-submit = 보기
action-list-download = 이 목록을 CSV로 내려받기
action-list-empty = 조건에 맞는 후속 조치가 없습니다.
action-column-action = 조치
action-column-incident = 장애
action-overdue-mark = 기한 지남
action-list-previous = ← 이전
action-list-next = 다음 →

## 팀 보드
action-board-title = { $team } 후속 조치
action-board-breadcrumb = 후속 조치
action-board-heading = { $team }의 후속 조치
action-board-list = 필터로 목록 보기
action-board-overdue = 기한 지남
# 화면 낭독기가 필드 이름("상태", "담당자") 뒤에 읽습니다.
action-quick-of = ({ $title })
action-quick-due-of = ({ $title })
action-quick-save = 저장
action-quick-save-whose = ({ $title } 변경 사항)

## 거부 메시지
action-error-type = 유형은 prevent, mitigate, detect, process, communicate 중 하나여야 합니다.
action-error-priority = 우선순위는 P1, P2, P3 중 하나여야 합니다.
action-error-status = 상태는 open, in_progress, done, wont_do 중 하나여야 합니다.
# $text는 입력한 값이며 따옴표로 묶여 있습니다.
action-error-date = { $text }은(는) 날짜가 아닙니다. 2026-03-01처럼 입력해 주세요.
action-error-owner-not-member = 담당자는 팀 구성원이어야 합니다.
action-error-owner-not-in-team = 담당자는 이 항목이 속한 팀의 구성원이어야 합니다.
action-error-owner-choice = 목록에서 담당자를 골라 주세요.
action-error-incident-number = 장애는 번호로 지정해야 합니다.
action-error-link = 링크는 https://github.com/acme/app/issues/12와 같은 http 또는 https 주소여야 합니다.
action-error-description-too-long = 설명은 최대 20,000자까지 쓸 수 있습니다.
action-error-reason-needed = 하지 않는 이유를 적어 주세요. 사유는 항목과 함께 보관됩니다.

## 대시보드
dashboard-title-mine = 내 팀 전체의 후속 조치 현황
dashboard-title-team = { $team }의 후속 조치 현황
dashboard-open = 미완료
dashboard-overdue = 기한 지남
dashboard-done-days = 최근 { $days }일 완료
dashboard-completion = 최근 장애 { $incidents }건의 후속 조치 완료율
# $percent는 형식이 갖춰진 값입니다 ("80%").
dashboard-completion-rate = { $items }건 중 { $percent }
dashboard-see-items = 항목 보기
dashboard-chart-open-by-priority = 우선순위별 미완료 항목
dashboard-chart-days-by-type = 유형별 완료까지 걸린 일수 (중앙값)
dashboard-chart-days-by-priority = 우선순위별 완료까지 걸린 일수 (중앙값)
dashboard-chart-items = { $value }건
dashboard-chart-days = { $value }일
dashboard-chart-empty = 아직 보여 줄 내용이 없습니다.
dashboard-waiting-longest = 가장 오래 기다린 항목
dashboard-nothing-open = 미완료 항목이 없습니다.

## 캘린더 피드
calendar-heading = 캘린더 피드
calendar-intro = 캘린더 앱에서 내 후속 조치의 기한을 구독할 수 있습니다. 주소는 비밀로 지켜 주세요. 주소를 가진 사람은 누구나 항목 제목을 볼 수 있습니다.
calendar-renew = 새 주소 만들기 (이전 주소는 더 이상 작동하지 않음)
calendar-create = 캘린더 주소 만들기
calendar-stop = 피드 중지
calendar-stop-confirm = 캘린더 피드를 중지할까요?
calendar-stopped = 캘린더 피드를 중지했습니다.
calendar-link-heading = 내 캘린더 피드
calendar-link-intro = 이 주소를 캘린더 앱에 구독으로 추가해 주세요. 주소는 지금만 표시됩니다.

## 웹훅
webhook-heading = 알림
webhook-intro = 후속 조치가 생성되거나, 완료되거나, 기한이 이틀 안으로 다가오거나, 기한이 지나면 Hindsight가 이 주소로 알림을 보냅니다.
webhook-sending = { $format } 형식 메시지를 { $url }(으)로 보내고 있습니다.
webhook-url = 웹훅 주소 (비우면 중지)
webhook-format = 형식
webhook-format-slack = Slack 호환 ({"{"}"text": …{"}"})
webhook-format-generic = 일반 JSON, HMAC-SHA256 서명 포함
webhook-save = 웹훅 저장
webhook-off = 알림을 껐습니다.
webhook-failures = 전달하지 못한 알림
# $reason은 알림의 계기입니다: created, done, due_soon, overdue.
webhook-reason =
    { $reason ->
        [created] 생성
        [done] 완료
        [due_soon] 기한 임박
        [overdue] 기한 지남
       *[other] { $reason }
    }
webhook-attempts = { $count }회 시도
webhook-saved = 웹훅을 저장했습니다
webhook-secret-intro = 전송되는 요청에는 { $timestamp }와 { $signature } 헤더가 붙습니다. 서명은 이 비밀 값으로 계산한 { $signed }의 HMAC-SHA256입니다. 비밀 값은 지금만 표시됩니다.
webhook-back = 팀으로 돌아가기
webhook-error-url = 웹훅 주소는 http 또는 https 주소여야 합니다.
webhook-error-format = Slack 또는 일반 JSON 중 하나를 선택해 주세요.
calendar-feed-name = Hindsight 후속 조치
calendar-event-summary = 마감 ({ $priority }): { $title }
calendar-event-description = 장애 "{ $incident }"에서 나온 후속 조치입니다.
webhook-language = 메시지 언어
webhook-message-created = 새 후속 조치{ $who }: { $title }
webhook-message-done = 완료{ $who }: { $title }
webhook-message-due-soon = { $due } 마감 예정{ $who }: { $title }
webhook-message-overdue = { $due }부터 기한 초과{ $who }: { $title }
webhook-message-review-published = 장애 보고서를 공개했습니다: { $title }
webhook-message-review-corrected = 장애 보고서 { $title }을(를) 정정했습니다: { $note }
