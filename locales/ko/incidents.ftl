# 장애: 장애 페이지, 타임라인, 고객 소통 검토, 타임라인 띠.
incident-breadcrumb = 장애
incident-severity = 심각도: { $severity }
incident-not-resolved = 해결되지 않음
incident-affected = 영향받은 서비스: { $services }
incident-customer-impact = 고객 영향:
incident-durations = 단계별 소요 시간
incident-time-to-detect = 탐지까지
incident-time-to-acknowledge = 확인까지
incident-time-to-mitigate = 완화까지
incident-time-to-resolve = 해결까지
incident-unknown = 알 수 없음
incident-cadence-saved = 이제 고객에게 적어도 { $minutes }분마다 소식을 전합니다.
incident-error-cadence-number = 공지 목표 간격을 분 단위 정수로 입력해 주세요.
incident-error-cadence-range = 공지 목표 간격은 5분에서 1440분 사이여야 합니다.

## 팀 페이지의 장애 목록
incident-list-actions = 팀의 후속 조치
incident-list-dashboard = 후속 조치 대시보드
incident-list-templates = 회고 템플릿
incident-list-heading = 장애
incident-list-import = 타임라인 가져오기
incident-list-empty = 아직 장애가 없습니다.

## 소요 시간 ("2시간 05분"); 시간-분의 $m은 두 자리로 채워져 옵니다
duration-seconds = { $s }초
duration-minutes = { $m }분
duration-hours-minutes = { $h }시간 { $m }분
duration-days-hours = { $d }일 { $h }시간

## 타임라인
timeline-heading = 타임라인
timeline-kind = 종류
timeline-all-kinds = 모든 종류
timeline-actor = 행위자
timeline-everyone = 모두
timeline-visibility = 공개 범위
timeline-all-visibilities = 전체
timeline-filter-internal = 내부
timeline-filter-public = 공개
timeline-filter-submit = 필터
timeline-show-all = 모두 보기
timeline-showing = 항목 { $total }개 중 { $shown }개를 표시합니다.
timeline-times-in = 시각은 { $zone } 기준입니다.
timeline-times-in-hover = 시각은 { $zone } 기준이며, 마우스를 올리면 UTC로 볼 수 있습니다.
timeline-add-heading = 빠진 항목 추가
timeline-add-when = 시각 ({ $zone })
timeline-add-actor = 누가 또는 무엇이
timeline-add-text = 무슨 일이 있었나요
timeline-add-submit = 항목 추가
timeline-badge-public = 공개
timeline-badge-key-moment = 주요 순간
timeline-mark-key-moment = 주요 순간으로 표시
timeline-unmark-key-moment = 주요 순간 표시 해제
timeline-edit = 편집
timeline-text = 내용
timeline-save-entry = 항목 저장
# 항목 버튼 뒤에 화면 낭독기가 읽습니다: "편집 14:05 KST 항목 (알림, PagerDuty)".
timeline-entry-which = { $time } 항목 ({ $what })
timeline-entry-added = 타임라인에 항목을 추가했습니다.
timeline-entry-saved = 항목을 저장했습니다.
timeline-key-moment-marked = 주요 순간으로 표시했습니다.
timeline-key-moment-unmarked = 주요 순간 표시를 해제했습니다.
timeline-kind-alert = 알림
timeline-kind-detection = 탐지
timeline-kind-action = 조치
timeline-kind-decision = 결정
timeline-kind-observation = 관찰
timeline-kind-escalation = 에스컬레이션
timeline-kind-communication = 소통
timeline-kind-resolution = 해결
timeline-kind-note = 메모
timeline-visibility-internal = 내부
timeline-visibility-public = 공개
timeline-error-time = 날짜와 시각을 입력해 주세요. 예: 2024-05-01 14:30.
timeline-error-skipped-time = { $zone }에는 없는 시각입니다 (시계가 건너뛴 시각입니다).
timeline-error-text-empty = 항목 내용을 입력해 주세요.
timeline-error-text-too-long = 항목은 최대 { $max }자까지 쓸 수 있습니다.
# $kind는 보낸 값이며 따옴표로 묶여 있습니다. $known은 쓸 수 있는 종류 목록입니다.
timeline-error-unknown-kind = 알 수 없는 종류 { $kind }입니다. 다음 중 하나여야 합니다: { $known }
timeline-error-unknown-visibility = 알 수 없는 공개 범위 { $visibility }입니다. internal 또는 public이어야 합니다.

## 고객에게 알린 방식
communication-heading = 고객에게 어떻게 알렸나요
communication-none = 이 타임라인에는 공개 업데이트가 없습니다. 상태 페이지 업데이트를 공개 소통 항목으로 표시하면 여기에서 검토할 수 있습니다.
communication-public-updates = 공개 업데이트
communication-first-update = 첫 업데이트까지
communication-mean-gap = 평균 간격
communication-median-gap = 간격 중앙값
communication-longest-silence = 가장 긴 공백
communication-gaps-over = 목표({ $target })를 넘긴 간격
communication-caption = 순서대로 본 공개 업데이트
communication-time = 시각
communication-silence-before = 직전 공백
communication-promises-next = 다음 업데이트 시점 안내
communication-update = 업데이트
communication-over-target = 목표 초과
communication-yes = 예
communication-no = 아니요

## 타임라인 띠 (장애를 그린 SVG)
strip-title = 장애 타임라인 띠
strip-detecting = 탐지 중
strip-acknowledging = 확인 중
strip-mitigating = 완화 중
strip-recovering = 복구 중
strip-resolved = 해결됨
strip-description = { $start }부터 { $end }까지. 공개 업데이트 { $updates }건, 가장 긴 공백은 { $silence }입니다.
strip-not-measurable = 측정할 수 없음
strip-silence = 업데이트 전 { $duration } 공백
strip-update-at = { $time } 공개 업데이트
strip-legend-update = 공개 업데이트
strip-legend-silence = 목표보다 긴 공백
