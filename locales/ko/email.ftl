# 이메일: 공개 사이트의 구독 페이지와 이메일 본문(일반 텍스트).

email-address-invalid = ana@example.com 같은 이메일 주소를 입력해 주십시오.
email-address-too-long = 이메일 주소는 최대 { $max }자까지 입력할 수 있습니다.
email-too-many-requests = 사용 중인 네트워크에서 구독 요청이 많이 들어왔습니다. 한 시간 뒤에 다시 시도해 주십시오.

email-subscribe-link = 새 장애 보고서를 이메일로 받기
email-subscribe-title = 새 장애 보고서를 이메일로 받기
email-subscribe-intro = { $site }에서 장애 보고서를 게시하거나 정정하면 이메일을 보내 드립니다. 그 밖의 메일은 보내지 않습니다.
email-subscribe-address = 이메일 주소
email-subscribe-hint = 먼저 주소를 확인하는 링크를 보내 드립니다.
email-subscribe-button = 구독하기
email-subscribe-privacy = 주소는 이 이메일에만 쓰이며 누구에게도 표시되지 않습니다. 모든 이메일에는 바로 구독을 해지할 수 있는 링크가 들어 있습니다.
email-trap-label = 이 칸은 비워 두십시오
email-check-inbox-title = 받은편지함을 확인해 주십시오
email-check-inbox-text = 이 주소로 이메일을 받을 수 있다면 확인 링크가 담긴 메일이 곧 도착합니다. 링크를 열어야 구독이 시작되며, 그 전까지는 아무 메일도 보내지 않습니다.
email-back-to-reviews = 장애 보고서 목록으로 돌아가기
email-confirm-title = 구독 확인
email-confirm-text = 버튼을 누르시면 { $site }에서 장애 보고서를 게시하거나 정정할 때마다 이메일을 받습니다.
email-confirm-button = 구독 확인하기
email-confirmed-title = 구독되었습니다
email-confirmed-text = 장애 보고서가 게시되거나 정정되면 이메일을 보내 드립니다. 모든 이메일에 구독 해지 링크가 있습니다.
email-unsubscribe-title = 구독 해지
email-unsubscribe-text = 버튼을 누르시면 { $site }에서 더 이상 장애 보고서 이메일을 보내지 않습니다.
email-unsubscribe-button = 구독 해지하기
email-unsubscribed-title = 구독이 해지되었습니다
email-unsubscribed-text = 더 이상 장애 보고서 이메일을 보내 드리지 않습니다.
email-subscribe-again = 다시 구독하기
email-invalid-link-title = 이 링크는 사용할 수 없습니다
email-invalid-link-text = 만료되었거나 더 새로운 링크로 바뀌었을 수 있습니다. 확인 링크는 7일 동안 유효합니다.
email-subscriber-count = { $count ->
   *[other] 독자 { $count }명이 새 장애 보고서를 이메일로 받고 있습니다.
}

email-confirm-subject = { $site } 구독을 확인해 주십시오
email-confirm-intro = { $site }에서 장애 보고서를 게시하거나 정정할 때 이메일을 받겠다는 요청이 들어왔습니다.
email-confirm-action = 직접 요청하셨다면 아래 링크를 열고 버튼을 눌러 확인해 주십시오(7일 동안 유효합니다).
email-confirm-ignore = 요청하신 적이 없다면 이 메일은 무시하셔도 됩니다. 더 이상 메일을 보내지 않습니다.
email-review-published-subject = 장애 보고서: { $title }
email-review-corrected-subject = 정정된 장애 보고서: { $title }
email-review-change-note = 변경 내용: { $note }
email-review-read = 보고서 읽기: { $link }
email-review-why = { $site }의 장애 보고서를 구독하셨기 때문에 이 메일을 받으셨습니다.
email-review-unsubscribe = 구독 해지: { $link }
email-reminder-greeting = { $name } 님, 안녕하세요.
email-reminder-due-soon-subject = 마감 임박: { $title }
email-reminder-due-soon = 담당하신 후속 조치 “{ $title }”의 마감일은 { $due }입니다.
email-reminder-overdue-subject = 마감일 지남: { $title }
email-reminder-overdue = 담당하신 후속 조치 “{ $title }”의 마감일({ $due })이 지났습니다. 이미 끝났다면 완료로 표시하고, 날짜가 맞지 않으면 바꿔 주십시오.
email-reminder-why = Hindsight에서 이 후속 조치의 담당자이시기 때문에 이 메일을 받으셨습니다.
email-reminder-turn-off = 이 메일을 그만 받으려면 계정 페이지에서 바꿔 주세요: { $link }
email-reminders-heading = 알림 메일
email-reminders-legend = 내가 담당한 후속 조치의 마감이 다가오거나 지났을 때
email-reminders-on = 알림 메일 받기
email-reminders-off = 메일 받지 않기
email-reminders-save = 저장
email-reminders-invalid = 알림 메일을 받을지(on) 받지 않을지(off) 선택해 주세요.
email-reminders-saved-on = 후속 조치 알림 메일을 보내 드립니다.
email-reminders-saved-off = 이제 알림 메일을 보내지 않습니다. 후속 조치는 목록과 대시보드에서 계속 볼 수 있습니다.
