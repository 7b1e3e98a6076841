# JSON API만 돌려주는 거절 메시지 (필드 이름은 영어 그대로).
api-error-owner-not-member = { $email }은(는) 이 후속 조치가 속한 팀의 구성원이 아닙니다.
api-error-reviewer-not-member = { $email }은(는) 이 보고서가 속한 팀의 구성원이 아닙니다.
api-error-text-too-long = 한 번에 최대 { $limit }자까지 검사할 수 있습니다.
api-error-unknown-format = 알 수 없는 형식 "{ $name }"입니다. auto, native, csv, markdown, statuspage, pagerduty, slack 중 하나를 쓰세요.
api-error-unknown-time-zone = 알 수 없는 시간대 "{ $name }"입니다. Europe/Berlin이나 Asia/Seoul 같은 IANA 이름을 쓰세요.
guidance-error-unknown-option = 알 수 없는 { $field } 값 "{ $value }"입니다. 가능한 값: { $expected }
