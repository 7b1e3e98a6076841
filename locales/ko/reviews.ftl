# 장애 보고서: 팀의 편집기와 진행 단계, 번역, 공개 사이트.

## 진행 상태
review-status-draft = 초안
review-status-in-review = 검토 중
review-status-approved = 승인됨
review-status-published = 게시됨
review-status-retracted = 철회됨

## 진행 단계에서 거절되는 경우
review-error-body-too-long = 보고서는 최대 { $max }자까지 쓸 수 있습니다.
review-error-body-empty = 보고서 내용이 비어 있습니다.
review-error-changed-meanwhile = 그 사이에 다른 사람이 이 보고서를 변경했습니다. 새로 고친 뒤 다시 시도해 주세요.
review-error-retracted = 철회된 보고서는 더 이상 변경할 수 없습니다.
review-error-submit-not-draft = 초안만 검토를 요청할 수 있습니다. 이 보고서는 현재 { $status } 상태입니다.
review-error-reviewer-is-author = 작성자가 아닌 다른 사람에게 요청해 주세요. 다른 사람이 한 번 더 읽는 것이 검토의 목적입니다.
review-error-reviewer-not-member = 검토자는 편집할 수 있는 팀 구성원이어야 합니다.
review-error-no-reviewers = 초안을 검토할 팀 구성원을 한 명 이상 선택해 주세요.
review-error-approve-not-in-review = 검토를 요청한 보고서만 승인할 수 있습니다.
review-error-approve-own = 작성자는 자신의 보고서를 승인할 수 없습니다. 동료에게 요청해 주세요.
review-error-nothing-changed = 마지막 게시 이후 바뀐 내용이 없습니다.
review-error-publish-not-approved = 승인된 보고서만 게시할 수 있습니다. 먼저 검토를 요청해 주세요.
review-error-change-note-missing = 이번 수정에서 무엇이 바뀌었는지 한 문장으로 적어 주세요. 독자에게 페이지에서 보입니다.
review-error-change-note-too-long = 수정 내용 설명은 최대 { $max }자까지 쓸 수 있습니다.
review-error-slug-exhausted = 오늘 같은 제목의 보고서가 너무 많습니다. 제목을 바꿔 주세요.
review-error-retract-unpublished = 게시된 보고서만 철회할 수 있습니다. 초안은 그대로 두면 됩니다.
review-error-list-too-long = 목록은 500줄, 20,000자 이내로 작성해 주세요.

## 단계를 마친 뒤의 안내
review-flash-draft-ready = 장애 내용을 바탕으로 첫 초안을 작성했습니다. 팀의 말로 다듬어 주세요.
review-flash-saved = 저장했습니다.
review-flash-submitted = 검토를 요청했습니다.
review-flash-approved = 승인했습니다. 이제 게시할 수 있습니다.
review-flash-published = /reviews/{ $slug }에 게시했습니다.
review-flash-retracted = 철회했습니다. 공개 페이지에 철회 사유가 표시됩니다.
review-flash-commented = 댓글을 추가했습니다.
review-flash-settings-saved = 보고서 설정을 저장했습니다.
review-flash-site-saved = 공개 사이트 설정을 저장했습니다.

## 편집기의 점검 목록
review-check-impact-window = 영향 기간(시작 시각과 종료 시각)이 적혀 있습니다
review-check-time-zone = 시간대가 적혀 있습니다
review-check-changes-section = 개선할 내용이 별도 섹션에 하나 이상 적혀 있습니다
review-check-no-placeholders = 첫 초안의 자리 표시 문구가 남아 있지 않습니다
review-check-done = 완료:
review-check-todo = 할 일:

## 장애 페이지와 팀의 보고서 목록
review-incident-heading = 장애 보고서
review-incident-none = 아직 장애 보고서가 없습니다. 이 장애를 겪은 고객에게 명확한 설명을 전해 주세요.
review-incident-public-page = 공개 페이지
review-write = 장애 보고서 작성
review-list-title = 장애 보고서 · { $team }
review-list-heading = 장애 보고서
review-list-empty = 아직 보고서가 없습니다. 장애 페이지의 “장애 보고서 작성”으로 시작해 주세요.
review-col-review = 보고서
review-col-incident = 장애
review-col-status = 상태
review-col-changed = 변경 시각
review-list-version-public = (게시된 판이 있습니다)
review-list-public-site = 공개 사이트 보기

## 편집기
review-checklist = 점검 목록
review-suggestions = 공개 독자를 위한 제안
review-suggestions-none = 제안할 내용이 없습니다.
review-suggestions-count = { $count ->
       *[other] 제안 { $count }개
    }를 아래 글에 표시했습니다. 표시된 곳에 마우스를 올리거나 포커스를 두면 읽을 수 있습니다. 제안일 뿐이며 게시를 막지 않습니다.
review-preview = 미리 보기
review-public-at = 공개 주소:
review-retracted-reason = 철회됨: { $reason }
review-workflow = 진행 단계
review-workflow-correction = 수정본을 작성하고 있습니다. 수정본을 게시하기 전까지는 기존 게시본이 그대로 공개됩니다.
review-workflow-draft = 초안: 팀만 볼 수 있습니다.
review-workflow-in-review = 검토를 기다리고 있습니다.
review-workflow-approved = 승인되어 게시할 수 있습니다.
review-workflow-published = 게시되었습니다. 내용을 고치면 수정본 초안이 됩니다.
review-workflow-retracted = 철회되었습니다. 공개 페이지에 사유가 표시됩니다.
review-workflow-asked = 검토 요청: { $names }.
review-workflow-approved-by = 승인: { $name }.
review-ask-legend = 검토 요청
review-ask-nobody = 검토할 수 있는 다른 팀 구성원이 없습니다. 작은 팀이라면 팀 소유자가 승인 단계를 끌 수 있습니다.
review-ask-submit = 검토 요청 보내기
review-approve = 승인
review-approve-not-you = 작성자가 아닌 다른 사람이 승인합니다.
review-change-note-label = 이번 수정에서 바뀐 내용 (공개 페이지에 표시됩니다)
review-change-note-hint = 예: 영향 기간의 종료 시각을 바로잡았습니다.
review-publish = 게시
review-retract-summary = 공개된 보고서 철회
review-retract-reason-label = 사유 (보고서 대신 표시되는 페이지에 나옵니다)
review-retract-confirm = 이 보고서를 철회할까요? 페이지에는 철회되었다는 안내가 표시됩니다.
review-retract = 철회
review-field-title = 제목
review-field-body = 보고서 (Markdown)
review-save = 저장
review-read-only = 이 보고서를 읽을 수 있습니다. 편집은 팀 구성원이 합니다.
review-comments = 댓글
review-comments-none = 아직 댓글이 없습니다.
review-comment-someone = 알 수 없는 사용자
review-comment-label = 댓글 추가
review-comment-submit = 댓글 달기
review-revisions-heading = 게시된 판
review-revision-first = 첫 게시
review-feedback-heading = 독자 의견
review-feedback-counts = { $clear }명은 이해하기 쉬웠다고, { $unclear }명은 그렇지 않았다고 답했습니다.
review-feedback-clear = 이해하기 쉬움
review-feedback-unclear = 이해하기 어려움
review-reader-feedback-heading = 공개 보고서 독자들의 의견

## 번역
review-language-en = 영어
review-language-ko = 한국어
review-translations-heading = 번역
review-translation-heading = { $language } 번역
review-translation-page-title = { $language } 번역 · { $title }
review-translation-none = 아직 번역하지 않았습니다.
review-translation-draft = 저장했지만 아직 게시하지 않았습니다.
review-translation-published = 게시:
review-translation-unpublished-changes = 저장한 변경 사항이 아직 게시되지 않았습니다.
review-translation-stale = 최신 내용이 아닐 수 있습니다:
review-translation-stale-detail = 영어 원문 제{ $from }판을 번역했으며, 영어 보고서는 현재 제{ $current }판입니다. 번역을 고쳐 다시 게시하기 전까지 독자에게는 마지막으로 게시한 번역이 보입니다.
review-translation-stale-detail-draft = 영어 보고서가 처음 게시되기 전에 번역했으며, 영어 보고서는 현재 제{ $current }판입니다. 번역을 고쳐 다시 게시하기 전까지 독자에게는 마지막으로 게시한 번역이 보입니다.
review-translation-retracted = 영어 보고서가 철회되어 번역도 공개 사이트에서 내려갔습니다.
review-translation-start = { $language } 번역 시작
review-translation-edit = { $language } 번역 편집
review-translation-read = { $language } 번역 읽기
review-translation-public-page = 번역의 공개 페이지
review-translation-no-approval = 별도의 승인은 필요하지 않습니다. 영어 보고서가 이미 승인되었고, 번역은 같은 내용을 { $language } 독자에게 전합니다. 영어 보고서가 게시되어 있으면 번역을 게시할 수 있습니다.
review-translation-needs-english = 먼저 영어 보고서를 게시해 주세요. 번역은 그 옆에 함께 게시됩니다.
review-translation-publish = { $language } 번역 게시
review-translation-field-title = { $language } 제목
review-translation-field-body = { $language } 번역 (Markdown)
review-translation-read-only = 이 번역을 읽을 수 있습니다. 편집은 팀 구성원이 합니다.
review-translation-english = 영어 원문 (제{ $revision }판)
review-translation-english-draft = 영어 원문 (아직 게시되지 않음)
review-translation-english-show = 영어 원문 보기
review-translation-history = 게시된 판
review-translation-history-item = 영어 원문 제{ $source }판을 번역
review-translation-history-item-draft = 영어 보고서가 처음 게시되기 전에 번역
review-translation-flash-saved = 번역을 저장했습니다.
review-translation-flash-published = { $path }에 번역을 게시했습니다.
review-translation-error-english-unpublished = 번역은 영어 보고서 옆에 게시됩니다. 먼저 영어 보고서를 게시해 주세요.
review-translation-error-not-saved = 게시하기 전에 번역을 저장해 주세요.
review-translation-error-nothing-changed = 마지막으로 번역을 게시한 뒤 바뀐 내용이 없습니다.

## 팀 설정
review-settings-heading = 장애 보고서와 글쓰기 도움
review-settings-approval = 보고서를 게시하기 전에 다른 팀 구성원의 승인을 받습니다
review-settings-internal-names = 고객에게 보이면 안 되는 내부 이름 (한 줄에 하나씩: 서비스, 호스트, 팀 이름)
review-settings-blame-phrases = 비난으로 표시할 추가 표현 (한 줄에 하나씩)
review-settings-save = 보고서 설정 저장
review-settings-team-reviews = 팀의 장애 보고서

## 공개 사이트 설정 (관리자)
review-site-title = 공개 사이트
review-site-intro-before = 공개 보고서 페이지
review-site-intro-after = 의 모양을 정합니다.
review-site-name = 사이트 이름
review-site-logo = 로고 주소 (https://…, 선택 사항)
review-site-accent = 강조 색상
review-site-default-name = 장애 보고서
review-site-error-logo-scheme = 로고는 https:// 주소이거나 이 사이트의 경로여야 합니다.
review-site-error-logo-invalid = 로고 주소가 올바른 주소가 아닙니다.
review-site-error-accent = 강조 색상은 #2456a6처럼 #rrggbb 형식으로 적어 주세요.

## 공개 사이트
review-public-nav = 사이트
review-public-feed = 피드
review-public-feed-title = { $site } — 피드
review-public-feed-title-in = { $site } — { $language } 피드
review-public-subscribe-before = 새 보고서와 수정 사항은
review-public-atom-feed = Atom 피드
review-public-subscribe-after = 로 구독할 수 있습니다.
review-public-impact-window = 영향 기간
review-public-impact-to = ~
review-public-impact-from = 시작:
review-public-impact-in-text = 아래 보고서에 적혀 있습니다
review-public-affected = 영향받은 서비스
review-public-published = 게시:
review-public-updated = 수정:
review-public-updated-lower = 수정:
review-public-revisions = 수정 이력
# 이 파일의 언어로 된 페이지로 가는 링크. 그 언어로 씁니다.
review-public-read-in = 한국어로 읽기
review-public-original-only = 이 보고서는 { $language }로만 게시되어 있습니다.
review-public-translated-from = { $language } 원문(제{ $revision }판)을 번역했습니다.
review-public-translated-from-draft = { $language } 원문을 번역했습니다.
review-public-translation-behind = 이 번역을 만든 뒤 원문이 수정되었습니다.
review-public-read-original = 수정된 원문 읽기.
review-public-feedback-question = 이 보고서는 이해하기 쉬웠나요?
review-public-feedback-answer = 답변
review-public-feedback-yes = 예
review-public-feedback-no = 아니요
review-public-feedback-comment = 어떤 점이 더 명확하면 좋을까요? (선택 사항)
review-public-feedback-trap = 비워 두세요
review-public-feedback-send = 의견 보내기
review-public-retracted-title = 철회됨: { $title }
review-public-retracted-heading = 철회된 보고서입니다
review-public-withdrawn = “{ $title }” 보고서는 { $date }에 철회되었습니다.
review-public-reason = 사유:
review-public-all = 모든 보고서
review-public-no-translation-title = { $language }로 게시되지 않았습니다
review-public-no-translation = 이 보고서는 아직 { $language }로 게시되지 않았습니다. 영어 원문은 다음에서 읽을 수 있습니다:
review-public-unknown-language-title = 제공하지 않는 언어입니다
review-public-unknown-language = 주소에 적힌 언어 “{ $asked }”는 이 사이트에서 제공하지 않습니다. 다음 언어로 읽을 수 있습니다:
review-public-thanks = 감사합니다
review-public-thanks-detail = 보내 주신 의견은 더 명확한 보고서를 쓰는 데 도움이 됩니다.
review-public-back = 보고서로 돌아가기
review-public-index-title = 장애 보고서
review-public-index-description = { $site }의 장애 보고서
review-public-index-intro = 무엇이 잘못되었는지, 여러분에게 어떤 영향이 있었는지, 그리고 무엇을 바꾸고 있는지 알려 드립니다.
review-public-month = 월
review-public-all-months = 모든 월
review-public-service = 서비스
review-public-all-services = 모든 서비스
review-public-filter = 필터 적용
review-public-none = 조건에 맞는 보고서가 없습니다.
review-public-error-month = { $month }은(는) 올바른 월이 아닙니다. 2026-03처럼 적어 주세요.
review-public-api-retracted = 철회된 보고서입니다: { $reason }
review-public-error-clear = 예 또는 아니요를 골라 주세요. 이 보고서는 이해하기 쉬웠나요?
review-public-error-comment-long = 의견은 { $max }자 이내로 적어 주세요.
review-public-error-too-much-feedback = 감사합니다. 이 주소에서 많은 의견을 받았습니다. 한 시간 뒤에 다시 시도해 주세요.
# 이 파일의 언어로 된 피드의 제목. 영어 피드의 제목은 사이트 이름입니다.
review-feed-title = { $site } (한국어)
