# 공통 웹 처리: 거부된 입력, 요청 한도, 페이지 이동.
web-pages = 페이지
web-error-no-such-page = 없는 페이지입니다.
# $detail은 영어로 된 기술적인 원인입니다.
web-error-form = 양식을 읽을 수 없습니다: { $detail }.
web-error-query = 주소의 매개변수를 읽을 수 없습니다: { $detail }.
web-error-json = JSON 본문을 읽을 수 없습니다: { $detail }.
web-error-json-nul = 텍스트에는 NUL 문자(\u0000)를 넣을 수 없습니다.
web-error-nul = { $field }에는 NUL 문자를 넣을 수 없습니다.
web-error-number =
    { $field ->
        [owner] 담당자 목록에서 한 명을 골라 주세요.
        [facilitator] 진행자 목록에서 한 명을 골라 주세요.
        [vote_limit] 투표 수에는 정수를 입력해 주세요.
        [phase_minutes] 단계 시간(분)에는 정수를 입력해 주세요.
        [minutes] 시간(분)에는 정수를 입력해 주세요.
       *[other] { $field } 값은 정수여야 합니다.
    }
web-error-rate-limited = API 요청이 너무 많습니다. 1분에 최대 { $limit }번까지 보낼 수 있습니다. { $seconds }초 뒤에 다시 시도해 주세요.
