# 계정: 로그인, 계정 페이지, 사용자와 팀.
account-preferences = 환경 설정
account-language = 언어
account-time-zone = 시간 표시 기준
account-preferences-save = 환경 설정 저장
account-preferences-saved = 환경 설정을 저장했습니다.
account-error-unknown-zone = { $zone }은(는) 알 수 없는 시간대입니다.
account-error-unknown-language = { $language }은(는) Hindsight가 지원하지 않는 언어입니다 (영어: en, 한국어: ko).
