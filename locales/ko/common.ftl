# 모든 화면이 함께 쓰는 레이아웃, 내비게이션, 오류 페이지.
site-name = Hindsight
skip-to-content = 본문으로 건너뛰기
nav-main = 주 메뉴
nav-teams = 팀
nav-actions = 후속 조치
nav-dashboard = 대시보드
nav-people = 사용자
nav-public-site = 공개 사이트
nav-audit = 감사 로그
nav-account = 계정
nav-sign-in = 로그인
nav-sign-out = 로그아웃
footer-tagline = Hindsight — 비난 없는 회고, 확실한 후속 조치.

error-title-not-found = 페이지를 찾을 수 없습니다
error-title-forbidden = 허용되지 않은 요청입니다
error-title-invalid = 입력한 내용을 확인해 주세요
error-title-too-many = 잠시 후 다시 시도해 주세요
error-title-server = 문제가 발생했습니다
error-title-other = 요청을 완료하지 못했습니다
error-where = 위치: { $location }
error-reference = 관리자에게 전달할 참조 번호:
error-go-home = 시작 페이지로 이동
error-or-back = 하거나, 뒤로 돌아가 다시 시도해 주세요.

error-not-found = 페이지를 찾지 못했습니다. 주소가 바뀌었거나 볼 권한이 없을 수 있습니다.
error-forbidden = 현재 역할로는 할 수 없는 작업입니다. 필요하면 팀 소유자에게 요청해 주세요.
error-sign-in-required = 계속하려면 로그인해 주세요.
error-csrf = 이 양식이 만료되었거나 다른 사이트에서 보낸 것입니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.
error-too-large = 요청이 너무 큽니다.
error-internal = 서버에서 문제가 발생했습니다. 기록해 두었으니 다시 시도해 주세요.
error-location-field = { $name } 입력란
error-location-parameter = { $name } 매개변수
