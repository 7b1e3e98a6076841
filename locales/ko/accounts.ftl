# 계정: 로그인, 계정 페이지, 사용자와 팀.
account-preferences = 환경 설정
account-language = 언어
account-time-zone = 시간 표시 기준
account-preferences-save = 환경 설정 저장
account-preferences-saved = 환경 설정을 저장했습니다.
account-error-unknown-zone = { $zone }은(는) 알 수 없는 시간대입니다.
account-error-unknown-language = { $language }은(는) Hindsight가 지원하지 않는 언어입니다 (영어: en, 한국어: ko).

account-title = 내 계정
account-back = 내 계정으로 돌아가기
account-name = 이름
account-email = 이메일
account-password = 비밀번호
account-error-email = ana@example.com과 같은 형식의 이메일 주소를 입력해 주세요.
account-error-email-taken = { $email } 계정이 이미 있습니다.
# $field는 코드가 쓰는 양식 필드 이름입니다 (name, title, text, reason, comment, …).
account-error-required =
    { $field ->
        [name] 이름을
        [title] 제목을
        [text] 내용을
        [reason] 사유를
        [comment] 댓글을
       *[other] { $field } 항목을
    } 입력해 주세요.
account-error-too-long =
    { $field ->
        [name] 이름은
        [title] 제목은
        [text] 내용은
        [reason] 사유는
        [comment] 댓글은
       *[other] { $field } 항목은
    } 최대 { $max }자까지 쓸 수 있습니다.

login-title = 로그인
login-submit = 로그인
login-forgot = 비밀번호를 잊으셨나요? 관리자에게 새 비밀번호 링크를 요청해 주세요.
login-signed-out = 로그아웃했습니다.
login-error-wrong-credentials = 이메일과 비밀번호가 일치하는 계정이 없습니다. 두 가지를 확인한 뒤 다시 시도해 주세요.
login-error-disabled = 비활성화된 계정입니다. 관리자에게 활성화를 요청해 주세요.
login-error-throttled = 로그인 실패가 너무 많습니다. { $minutes }분 뒤에 다시 시도해 주세요.

setup-title = Hindsight 설정
setup-welcome = Hindsight에 오신 것을 환영합니다
setup-intro = 첫 관리자 계정을 만드세요. 다른 사람은 나중에 초대할 수 있습니다.
setup-your-name = 이름
setup-password-hint = { $min }자 이상. 서로 관계없는 단어 몇 개를 이어 쓰면 좋습니다.
setup-password-again = 비밀번호 확인
setup-submit = 관리자 계정 만들기
setup-done = 환영합니다! 관리자로 등록되었습니다. 먼저 팀을 만들어 보세요.
setup-error-link = 유효하지 않은 설정 링크입니다. 데이터베이스에 사용자가 없을 때 `hindsight serve`가 출력한 링크를 사용해 주세요. 관리자가 이미 있다면 로그인해 주세요.

token-heading = API 토큰
token-intro = JSON API로 타임라인을 가져오거나 장애 정보를 읽는 스크립트에 씁니다. 토큰은 본인 권한으로 동작하니, 더 이상 쓰지 않는 토큰은 폐기해 주세요.
token-caption = 내 API 토큰
token-name = 이름
token-created = 만든 시각
token-last-used = 마지막 사용
token-never-used = 사용 안 함
token-revoke = 폐기
token-revoke-confirm = { $name } 토큰을 폐기할까요?
token-revoked = 토큰을 폐기했습니다. 이 토큰을 쓰던 프로그램은 더 이상 로그인할 수 없습니다.
token-new-for = 새 토큰 용도
token-new-hint = 어디에 쓸지 적어 주세요. 예: "CI 가져오기".
token-create = 토큰 만들기
token-new-title = 새 API 토큰
token-new-heading = 새 API 토큰: { $name }
# $header는 보낼 HTTP 헤더이며 코드로 표시됩니다.
token-new-copy = 지금 복사해 두세요. 한 번만 표시됩니다. { $header } 형식으로 보내면 됩니다.

password-change-heading = 비밀번호 변경
password-change-intro = 비밀번호를 바꾸면 다른 모든 기기에서 로그아웃됩니다.
password-current = 현재 비밀번호
password-new = 새 비밀번호
password-new-hint = { $min }자 이상.
password-new-again = 새 비밀번호 확인
password-change-submit = 비밀번호 변경
password-changed = 비밀번호를 바꿨습니다. 다른 모든 기기에서 로그아웃되었습니다.
password-reset-title = 비밀번호 정하기
password-reset-for = { $email } 계정의 비밀번호입니다.
password-reset-submit = 비밀번호 저장
password-reset-done = 비밀번호를 저장했습니다. 새 비밀번호로 로그인해 주세요.
password-error-mismatch = 두 비밀번호가 서로 다릅니다.
password-error-current = 현재 비밀번호가 맞지 않습니다.
password-error-too-short = 비밀번호는 { $min }자 이상으로 정해 주세요.
password-error-too-long = 비밀번호는 최대 { $max }자까지 쓸 수 있습니다.
password-error-link-expired = 비밀번호 링크가 만료되었거나 이미 사용되었습니다. 관리자에게 새 링크를 요청해 주세요.

people-title = 사용자
people-caption = 계정이 있는 모든 사람
people-status = 상태
people-actions = 작업
people-admin-badge = 관리자
people-active = 활성
people-disabled = 비활성
people-link-button = 비밀번호 링크
# 화면 낭독기가 "비밀번호 링크" 뒤에 읽습니다.
people-link-button-whose = ({ $name })
people-enable = 활성화
people-disable = 비활성화
people-disable-confirm = { $name } 님을 비활성화할까요? 로그아웃됩니다.
people-disabled-done = { $name } 님을 비활성화하고 로그아웃시켰습니다.
people-enabled-done = { $name } 님이 다시 로그인할 수 있습니다.
people-error-disable-self = 자신의 계정은 비활성화할 수 없습니다. 다른 관리자에게 요청해 주세요.
people-add-heading = 사용자 추가
people-add-intro = 추가된 사람은 직접 비밀번호를 정할 수 있는 일회용 링크를 받습니다.
people-is-admin = 인스턴스 관리자 (사용자와 팀 관리)
people-add-submit = 계정 만들기
people-link-title = 비밀번호 링크
people-link-created-for = { $name } 님의 계정을 만들었습니다
people-link-for = { $name } 님의 비밀번호 링크
people-link-send = 비밀번호를 정할 수 있도록 이 링크를 { $email }(으)로 보내 주세요. 한 번만 쓸 수 있고 { $hours }시간 뒤에 만료됩니다. 링크는 지금만 표시됩니다.
people-back = 사용자 목록으로 돌아가기

role-owner = 소유자
role-member = 구성원
role-viewer = 열람자

team-list-title = 팀
team-list-empty = 아직 속한 팀이 없습니다. 팀 소유자나 관리자가 추가해 줄 수 있습니다.
team-create-heading = 팀 만들기
team-name = 팀 이름
team-slug = 짧은 이름
team-slug-hint = 주소에 쓰입니다. 영문 소문자, 숫자, 대시만 쓸 수 있습니다. 예: payments-sre.
team-create-submit = 팀 만들기
team-created = { $team } 팀을 만들었습니다. 아래에서 구성원을 추가해 주세요.
team-your-role = 내 역할: { $role }
team-members = 구성원
team-members-empty = 아직 구성원이 없습니다.
team-members-caption = { $team }의 구성원
team-role = 역할
team-remove = 제외
team-member-disabled = 비활성
team-role-of = { $name } 님의 역할
team-role-save = 저장
# 화면 낭독기가 "저장" 뒤에 읽습니다.
team-role-save-whose = ({ $name } 님의 역할)
team-remove-confirm = { $name } 님을 { $team }에서 제외할까요?
team-settings = 설정
team-cadence = 고객 공지 목표 간격 (분)
team-cadence-hint = 장애 중에는 적어도 이 간격으로 고객에게 소식을 전해야 합니다. 이보다 긴 공백은 강조해 표시합니다.
team-settings-save = 설정 저장
team-add-member-heading = 구성원 추가
team-add-member-email = 추가할 사람의 계정 이메일
team-role-hint = 열람자는 읽기만 하고, 구성원은 참여하며, 소유자는 팀 관리까지 합니다.
team-add-member-submit = 구성원 추가
# $role은 owner, member, viewer 중 하나입니다.
team-member-added =
    { $role ->
        [owner] 이제 { $name } 님은 { $team }의 소유자입니다.
        [viewer] 이제 { $name } 님은 { $team }의 열람자입니다.
       *[member] 이제 { $name } 님은 { $team }의 구성원입니다.
    }
team-role-changed =
    { $role ->
        [owner] 역할을 소유자로 바꿨습니다.
        [viewer] 역할을 열람자로 바꿨습니다.
       *[member] 역할을 구성원으로 바꿨습니다.
    }
team-member-removed = 구성원을 제외했습니다.
team-error-role = 역할은 owner, member, viewer 중 하나여야 합니다.
team-error-slug = 짧은 이름은 영문 소문자, 숫자, 대시로 된 2–40자여야 합니다. 예: "payments-sre".
team-error-slug-taken = 짧은 이름 "{ $slug }"은(는) 이미 다른 팀이 쓰고 있습니다.
team-error-no-account = { $email }을(를) 쓰는 계정이 없습니다. 관리자가 사용자 메뉴에서 만들 수 있습니다.
team-error-last-owner = 팀에는 소유자가 적어도 한 명 있어야 합니다. 먼저 다른 사람을 소유자로 지정해 주세요.

audit-title = 감사 로그
audit-intro = 모든 변경 사항과 누가 언제 했는지를 기록합니다. 기록은 바꾸거나 지울 수 없습니다.
audit-filter-action = 작업 이름 시작 부분
audit-filter-object = 대상 유형
audit-filter-actor = 수행한 사람 (이메일)
audit-filter-submit = 보기
audit-download = 이 기록을 CSV로 내려받기
audit-empty = 조건에 맞는 기록이 없습니다.
audit-caption = 감사 기록, 최신순
audit-when = 시각
audit-who = 누가
audit-what = 무엇을
audit-object = 대상
audit-detail = 상세
audit-the-system = 시스템
audit-newer = ← 최신
audit-older = 이전 →
