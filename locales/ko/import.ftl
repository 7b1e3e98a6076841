# 장애 타임라인 가져오기: 업로드 양식, 미리 보기, 가져오기 도구가 파일에 대해 알려 주는 내용.
# 파일 안의 위치(줄, 열, 항목)는 인수로 전달되므로 모든 메시지가 문제 위치를 알려 줍니다.
# JSON 경로($.entries[3].kind), 파일 이름, 가져오기 도구의 기술적인 세부 내용은 그대로 둡니다.

## 파일 안의 위치
import-at-line = { $line }번째 줄
import-at-line-column = { $line }번째 줄, { $column }번째 열
# $column은 머리글 행의 열 이름입니다(time, actor, kind, text).
import-at-line-field = { $line }번째 줄, { $column } 열
import-at-line-byte = { $line }번째 줄, { $byte }번째 바이트
import-at-entry = { $number }번째 항목
import-at-entry-time = { $number }번째 항목 ({ $time })
import-at-incident = 장애
import-at-incident-title = 장애 제목
import-at-zip-entry = zip 항목 { $index }
import-at-upload = 업로드
# 이름이 없는 문서의 이름: 붙여 넣은 텍스트 또는 JSON 문서.
import-pasted-text = 붙여 넣은 텍스트
import-input = 입력

## 업로드 양식
import-title = 타임라인 가져오기
import-intro = 기록된 곳에서 끝난 장애를 가져옵니다. 저장하기 전에 미리 보기를 보여 드리며, 같은 내보내기 파일을 다시 가져와도 아무것도 추가되지 않습니다.
import-file = 파일
import-file-hint = JSON, CSV, Markdown 또는 Slack 내보내기 zip 파일.
import-paste = 또는 타임라인 붙여 넣기
import-format = 형식
import-time-zone = 시간대가 적히지 않은 시각의 시간대
import-time-zone-hint = Asia/Seoul이나 Europe/Berlin 같은 IANA 이름. 모든 시각에 시간대가 있다면 비워 두세요.
import-preview-button = 가져오기 미리 보기
import-format-auto = 자동으로 감지
import-format-native = Hindsight JSON
import-format-csv = CSV (time, actor, kind, text)
import-format-markdown = Markdown 또는 일반 텍스트 타임라인
import-format-statuspage = Atlassian Statuspage 장애 JSON
import-format-pagerduty = PagerDuty 장애 및 로그 항목 JSON
import-format-slack = Slack 채널 내보내기 (zip)
import-format-unknown = 알 수 없는 형식
import-error-upload-unreadable = 업로드한 내용을 읽을 수 없습니다: { $detail }
import-error-upload-too-large = 업로드 크기가 제한({ $megabytes } MB)을 넘습니다.
import-error-nothing-chosen = 파일을 고르거나 타임라인을 붙여 넣어 주세요.
import-error-unknown-zone = { $zone }은(는) 알 수 없는 시간대입니다. Asia/Seoul 같은 IANA 이름을 써 주세요.

## 미리 보기
import-preview-title = 가져오기 미리 보기
import-preview-heading = 미리 보기: { $title }
# $format은 굵게 표시됩니다.
import-read-as = { $format } 형식으로 읽었습니다.
# $added는 굵게 표시됩니다. $count는 복수형을 고르기 위한 같은 숫자입니다.
import-preview-existing = 이전에 가져온 장애입니다. 기존 항목 { $existing }개에 새 항목 { $added }개가 추가됩니다.
import-preview-new = 항목 { $added }개로 새 장애를 만듭니다.
import-entries-by-kind = 종류별 항목
# $first와 $last는 시각입니다.
import-preview-range = { $first }부터 { $last }까지.
import-please-check = 확인해 주세요
import-first-entries = 처음 항목
import-public = 공개
import-and-more-entries = … 외 { $count }개.
import-button = 가져오기
import-start-over = 처음부터 다시
import-incident = 장애
import-incident-caption = 파일에서 찾은 장애 정보
import-field-title = 제목
import-field-severity = 심각도
import-field-services = 영향받은 서비스
import-field-started = 시작
import-field-detected = 감지
import-field-acknowledged = 확인
import-field-mitigated = 완화
import-field-resolved = 해결
import-not-in-file = 파일에 없음
import-error-preview-expired = 미리 보기가 만료되었습니다. 파일을 다시 업로드해 주세요.
import-done-unchanged = 새로운 내용이 없습니다. 이 내보내기 파일은 이전에 가져왔습니다.
import-done = 항목 { $count }개를 가져왔습니다.

## 파일에 제목이 없을 때 만드는 장애 제목
import-title-csv = { $date } 장애
import-title-markdown = { $date } 타임라인
import-title-pagerduty = PagerDuty 장애 { $id }
import-title-statuspage = Statuspage 장애 { $id }

## 모든 형식
import-error-empty-file = 파일이 비어 있습니다
import-error-title-too-long = 제목이 300자를 넘습니다
import-error-text-too-long = 텍스트가 { $max }자를 넘습니다
import-error-json-depth = JSON 중첩이 { $levels }단계보다 깊습니다
import-error-nul-incident = 장애 정보에 NUL 문자가 들어 있습니다.
import-error-nul-entry = { $number }번째 항목에 NUL 문자가 들어 있습니다.
import-error-empty-text = 텍스트가 비어 있습니다
import-error-empty-title = 제목이 비어 있습니다
import-error-skipped-time = { $value }은(는) { $zone }에 존재하지 않는 시각입니다 (시계가 건너뛰었습니다)
import-error-clocks-skipped = { $time }은(는) { $zone }에 없었던 시각입니다. 일광 절약 시간 때문에 시계가 건너뛰었습니다
import-error-missing = 없습니다
import-error-missing-incident-id = 장애 ID가 없습니다. 다시 가져올 때 장애를 알아보려면 ID가 필요합니다
import-error-expected-incident = 장애 객체가 있어야 하는데 { $found }이(가) 있습니다
import-and-more = 외 { $count }개
import-warning-duplicates = 항목 { $count }개가 앞의 항목과 똑같습니다(시각, 행위자, 텍스트가 같음). 둘 다 남겼습니다
import-warning-still-open = 장애가 아직 끝나지 않았습니다(상태 { $status }). 타임라인이 완전하지 않을 수 있습니다

## JSON
import-expected-time = 2016-10-21T11:10:07Z나 2016-10-21T07:10:07-04:00처럼 오프셋이 있는 RFC 3339 시각
import-error-empty-json = 파일이 비어 있습니다. JSON 형식의 { $expected }이(가) 필요합니다
import-error-invalid-json = 올바른 JSON이 아닙니다: { $detail }
import-error-expected-text = 텍스트가 있어야 하는데 { $found }이(가) 있습니다
import-error-expected-time = 시각이 있어야 하는데 { $found }이(가) 있습니다. 필요한 형식: { $expected }
import-error-not-a-time = { $value }은(는) 시각이 아닙니다. 필요한 형식: { $expected }
import-error-no-offset = { $value }에는 UTC 오프셋이 없습니다. 필요한 형식: { $expected }. 또는 파일이 작성된 시간대를 골라 주세요
import-error-not-rfc3339 = { $value }은(는) RFC 3339 시각이 아닙니다. 2016-10-21T11:10:00Z나 2016-10-21T07:10:00-04:00처럼 써 주세요
# 예상하지 못한 JSON 값을 오류 메시지에서 부르는 이름.
import-json-number = 숫자 { $number }
import-json-text = 텍스트 { $text }
import-json-array = 배열
import-json-object = 객체

## CSV
import-error-csv-utf8 = 파일이 올바른 UTF-8이 아닙니다. UTF-8로 저장한 뒤 다시 시도해 주세요
import-error-csv-header-unreadable = 머리글 행을 읽을 수 없습니다
import-error-csv-row-unreadable = 이 행을 읽을 수 없습니다
import-error-csv-field-count = { $problem }: 머리글은 필드가 { $expected }개인데 이 행은 { $found }개입니다
import-error-csv-missing-columns = 머리글에 { $missing } 열이 없습니다. time, actor, kind, text 열이 필요합니다(visibility는 선택). 찾은 열: { $found }
import-error-csv-no-entries = 파일에 머리글만 있고 항목이 없습니다
import-error-csv-not-a-time = { $value }은(는) 시각이 아닙니다. 2016-10-21T11:10:00Z처럼 쓰거나, 2016-10-21 11:10처럼 쓰고 --timezone을 지정해 주세요
import-error-csv-no-zone = { $value }에는 시간대가 없습니다. 시간대를 덧붙이거나(2016-10-21T11:10:00Z) 작성된 시간대를 알려 주세요(--timezone Asia/Seoul, 또는 웹에서 가져올 때는 시간대 항목)
import-warning-csv-order = 이 항목은 앞 항목보다 이른 시각입니다. 항목은 시간순으로 표시됩니다
import-warning-naive-times = 시간대가 없는 시각 { $count }개를 지정한 시간대로 읽었습니다

## Markdown과 일반 텍스트
import-error-markdown-utf8 = 텍스트가 UTF-8이 아닙니다. 문서를 UTF-8 텍스트로 저장한 뒤 다시 가져와 주세요
import-error-markdown-no-date = { $value }에는 날짜가 없습니다. 그 위에 `2016-10-21`이나 `## October 21, 2016` 같은 날짜 줄을 넣거나, 시각 앞에 날짜를 써 주세요
import-error-markdown-no-zone = { $value }에는 시간대가 없습니다. 시간대를 쓰거나({ $written } UTC) 작성된 시간대를 알려 주세요(--timezone Asia/Seoul, 또는 웹에서 가져올 때는 시간대 항목)
import-error-markdown-skipped = { $problem }. 시각을 오프셋과 함께 써 주세요(예: UTC+9)
import-error-markdown-no-entries = 타임라인 항목을 찾지 못했습니다. `- 2016-10-21 11:10 UTC — 내용`, `14:02 UTC: 내용`처럼 시각으로 시작하는 줄이나 `### 2018 October 21 22:52 UTC` 같은 제목이 필요합니다
import-warning-markdown-next-day = { $written }이(가) 앞의 시각보다 이릅니다. 다음 날인 { $date }로 읽었습니다
# $earlier는 UTC 날짜와 시각, $later는 시각입니다.
import-warning-markdown-twice = { $written }은(는) { $zone }에서 두 번 있었던 시각입니다(시계를 되돌림). { $later } UTC가 아니라 앞의 { $earlier }로 읽었습니다
import-warning-markdown-empty = { $written }에 내용이 없어 건너뛰었습니다
import-warning-markdown-order = 이 항목은 앞 항목({ $previous })보다 이른 시각입니다. 날짜와 시각을 확인해 주세요
import-warning-markdown-ignored = 타임라인 밖의 텍스트 { $count }줄은 가져오지 않았습니다({ $line }번째 줄부터)

## Slack
import-error-zip-unreadable = 읽을 수 있는 zip 파일이 아닙니다: { $detail }
import-error-zip-too-many = 압축 파일에 파일이 { $count }개 있습니다. 최대 { $max }개까지 받을 수 있습니다
import-error-zip-too-big = 압축을 풀면 { $megabytes } MB를 넘습니다. 최대 그 크기까지 받을 수 있습니다
import-error-zip-entry = zip 항목을 읽을 수 없습니다: { $detail }
import-error-zip-inflate = 압축을 풀 수 없습니다: { $detail }
import-error-zip-lying = { $problem } (이 항목은 밝힌 크기보다 크게 풀립니다)
import-error-slack-channels = 내보내기 파일에 메시지가 있는 채널이 { $count }개 있습니다({ $names }). 장애 채널만 내보내거나 다른 채널 폴더를 지운 뒤 다시 가져와 주세요
import-error-slack-no-messages = 내보내기 파일에 가져올 사람의 메시지가 없습니다(채널 폴더: { $folders })
import-error-slack-no-folders = 채널 폴더를 찾지 못했습니다. Slack 내보내기 파일에는 `incident-db-outage/2016-10-21.json`처럼 채널마다 폴더가 있고 날마다 파일이 있습니다
import-error-slack-users = 사용자 배열이 있어야 합니다
import-error-slack-conversations = 대화 배열이 있어야 합니다
import-error-slack-messages = 메시지 배열이 있어야 합니다
import-error-slack-user-object = 사용자 객체가 있어야 합니다
import-error-slack-user-id = 사용자에게 id가 필요합니다
import-error-slack-conversation-object = 대화 객체가 있어야 합니다
import-error-slack-message-object = 메시지 객체가 있어야 합니다
import-error-slack-ts-missing = 메시지에 ts가 필요합니다
import-error-slack-ts = { $value }은(는) "1477046400.000200" 같은 Slack 타임스탬프가 아닙니다
import-error-out-of-range = { $value }은(는) 범위를 벗어났습니다
import-warning-slack-dropped = 대화가 아닌 메시지 { $count }개를 제외했습니다: { $reasons }
import-warning-slack-unknown-users = 메시지 { $count }개의 작성자가 users.json에 없습니다({ $ids }). 이 메시지는 ID로 표시됩니다

## PagerDuty
import-expected-pagerduty = PagerDuty 로그 항목
import-error-pd-not-entries = PagerDuty 로그 항목이 아닙니다. log_entries(와 선택적으로 incident)가 있는 객체가 필요합니다
import-error-pd-expected-entries = 로그 항목 배열이 있어야 하는데 { $found }이(가) 있습니다
import-error-pd-missing-entries = 없습니다. 장애와 함께 장애의 로그 항목(GET /incidents/{"{"}id{"}"}/log_entries)이 필요합니다
import-error-pd-nothing = 로그 항목도 장애도 없습니다. 가져올 것이 없습니다
import-error-pd-no-incident = 로그 항목이 어느 장애의 것인지 알 수 없고(incident.id 없음) 파일에 장애 객체도 없습니다. 장애를 로그 항목과 함께 내보내 주세요
import-error-pd-several = 로그 항목이 장애 { $count }개({ $ids })에 속해 있습니다. 한 번에 장애 하나만 가져올 수 있으니 장애 하나의 로그 항목만 내보내 주세요(GET /incidents/{"{"}id{"}"}/log_entries)
import-error-pd-expected-entry = 로그 항목 객체가 있어야 하는데 { $found }이(가) 있습니다
import-error-pd-missing-type = 로그 항목의 유형(trigger_log_entry 등)이 없습니다
import-error-pd-missing-time = 로그 항목의 시각이 없습니다. 필요한 형식: { $expected }
import-warning-pd-more = 내보내기 파일에 로그 항목이 더 있다고("more": true) 되어 있지만 { $count }개만 들어 있습니다. 타임라인 전체를 가져오려면 /incidents/{"{"}id{"}"}/log_entries의 모든 페이지를 받아 주세요
import-warning-pd-other-incidents = 다른 장애의 로그 항목 { $count }개를 건너뛰었습니다({ $ids })
import-warning-pd-unknown-type = 알 수 없는 유형 { $kind }의 로그 항목 { $count }개를 메모로 가져왔습니다
import-warning-pd-no-title = 장애에 제목이 없어 "{ $title }"(으)로 정했습니다
import-warning-pd-resolved-time = 장애는 해결되었지만 해결 로그 항목이 없어 장애에 기록된 해결 시각을 사용했습니다
import-warning-pd-resolved-unknown = 장애는 해결되었지만 해결 로그 항목도 해결 시각도 없어 해결 시각을 알 수 없습니다
import-warning-pd-no-trigger-created = 트리거 로그 항목이 없어 장애 생성 시각을 감지 시각으로 사용했습니다
import-warning-pd-no-trigger = 트리거 로그 항목이 없어 감지 시각을 알 수 없습니다
import-warning-pd-duplicates = 두 번 나온 로그 항목 { $count }개를 건너뛰었습니다(같은 id)

## Statuspage
import-expected-statuspage = Statuspage 장애
import-error-sp-expected-incidents = 장애 배열이 있어야 하는데 { $found }이(가) 있습니다
import-error-sp-not-incident = Statuspage 장애가 아닙니다. incident_updates가 있는 장애 객체, 또는 page와 incident(또는 incidents)가 있는 객체가 필요합니다
import-error-sp-empty-list = 목록에 장애가 없습니다. 가져올 것이 없습니다
import-error-sp-several = 파일에 장애가 { $count }개 있지만 한 번에 장애 하나만 가져올 수 있습니다: { $names }. 목록에 원하는 장애만 남기고 다시 가져와 주세요.
import-error-sp-expected-updates = 업데이트 배열이 있어야 하는데 { $found }이(가) 있습니다
import-error-sp-missing-updates = 없습니다. 장애의 업데이트가 필요합니다
import-error-sp-expected-update = 업데이트 객체가 있어야 하는데 { $found }이(가) 있습니다
import-error-sp-no-time = 업데이트에 display_at도 created_at도 없어 시각을 알 수 없습니다
import-error-sp-expected-components = 구성 요소 배열이 있어야 하는데 { $found }이(가) 있습니다
import-warning-sp-no-name = 장애에 이름이 없어 "{ $title }"(으)로 정했습니다
import-warning-sp-resolved-time = resolved_at이 비어 있어 해결 업데이트의 시각({ $time })을 사용했습니다
import-warning-sp-resolution-unknown = 장애 상태는 { $status }이지만 resolved_at도 해결 업데이트도 없어 해결 시각을 알 수 없습니다
import-warning-sp-maintenance = 장애가 아니라 예정된 유지 보수이지만 그대로 가져왔습니다
import-warning-sp-no-updates = 장애에 업데이트가 없어 타임라인이 비어 있습니다
import-warning-sp-null-updates = incident_updates가 null이어서 업데이트가 없는 것으로 읽었습니다
import-warning-sp-duplicates = 두 번 나온 업데이트 { $count }개를 건너뛰었습니다(같은 id)
