# 회고: 실시간 회의, 단계, 질문 템플릿, 요약.

## 회의 페이지
retro-page-title = 회고: { $incident }
retro-breadcrumb = 회고
retro-heading = 회고: { $incident }
retro-facilitated-by = 진행: { $name }
retro-anonymous-cards = 익명 카드
retro-votes-each = 1인당 { $count }표
retro-phases-label = 회의 단계
retro-phase-back = 이전 단계: { $phase }
retro-phase-next = 다음 단계: { $phase }
retro-reveal-cards = 카드 공개
retro-present = 지금 참여 중: { $names }
retro-present-nobody = 아직 아무도 없습니다
retro-facilitator-label = 진행자:
retro-time-box = 단계별 제한 시간: { $minutes }분.
# $time은 끝나는 시각이며 time 요소로 표시됩니다.
retro-time-box-ends = { $time }에 끝납니다.
retro-time-box-up = 시간이 다 되었습니다.
retro-watching = 참관 중입니다. 참관자는 내용을 볼 수 있지만 참여할 수는 없습니다.

## 단계: 이름, 진행자가 하는 말, 참여자가 하는 일
retro-phase-prepare = 준비
    .script = 모두 환영합니다. 우리는 누군가를 탓하려는 것이 아니라, 시스템이 어떻게 이런 일이 일어나게 했는지 배우려고 모였습니다. "왜 그렇게 하지 않았나요"가 아니라 "어떻게"와 "무엇"을 묻겠습니다. 먼저 지난 장애 후에 약속한 후속 조치를 확인해 보겠습니다.
    .instructions = 안건과 기본 원칙을 읽어 주세요. 지난 장애에서 남은 후속 조치를 살펴봐 주세요.
retro-phase-timeline = 타임라인
    .script = 타임라인을 함께 읽어 보겠습니다. 빠진 내용이 있으면 추가하고, 궁금한 점이 있으면 해당 항목에 질문을 달아 주세요.
    .instructions = 타임라인을 읽어 주세요. 빠진 내용은 추가하고, 항목에 질문을 달아 주세요.
retro-phase-reflect = 돌아보기
    .script = 10분 동안 조용히 각 질문 아래에 카드를 작성해 주세요. 무슨 일이 있었는지, 그리고 당시에는 각 행동이 왜 합리적이었는지 적어 주세요.
    .instructions = 질문 아래에 카드를 작성해 주세요. 카드가 공개되기 전까지 다른 사람에게는 카드 수만 보입니다.
retro-phase-group = 묶기
    .script = 이제 카드를 공개하겠습니다. 카드를 읽고 서로 관련된 것끼리 주제로 묶은 뒤, 주제마다 짧은 이름을 붙여 주세요.
    .instructions = 관련된 카드를 주제로 묶고 이름을 붙여 주세요.
retro-phase-vote = 투표
    .script = 가장 논의하고 싶은 주제에 투표해 주세요. 이 단계가 끝나기 전까지는 투표를 취소할 수 있습니다.
    .instructions = 논의할 주제에 투표해 주세요.
retro-phase-discuss = 토론
    .script = 득표 순서대로 주제를 살펴보겠습니다. 주제마다 배운 점을 메모로 남겨 주세요.
    .instructions = 득표 순서대로 주제를 논의하고 메모를 남겨 주세요.
retro-phase-actions = 후속 조치
    .script = 배운 점을 구체적인 후속 조치 몇 가지로 정리하겠습니다. 조치마다 담당자와 기한을 정해 주세요.
    .instructions = 후속 조치를 정해 주세요. 제목, 담당자, 기한, 우선순위, 유형이 필요합니다.
retro-phase-closed = 종료
    .script = 감사합니다. 아래 요약이 우리가 합의한 내용이며, 후속 조치는 완료될 때까지 추적됩니다.
    .instructions = 회의가 끝났습니다. 이 페이지는 회의의 읽기 전용 요약입니다.

## 준비
retro-agenda = 안건
retro-ground-rules = 기본 원칙
retro-rule-system = 시스템이 어떻게 당시의 각 행동을 합리적으로 보이게 했는지 살펴봅니다.
retro-rule-questions = "왜 그렇게 하지 않았나요"가 아니라 "어떻게"와 "무엇"을 묻습니다.
retro-rule-best = 모두가 그때 알던 것을 바탕으로 최선을 다했습니다.
retro-rule-conditions = 사람의 성격이 아니라 상황과 조건을 이야기합니다.
retro-follow-through = 후속 조치 점검: 지난 장애에서 남은 후속 조치
retro-no-open-actions = 지난 장애에서 남은 후속 조치가 없습니다.

## 타임라인
retro-timeline-missing = 빠진 내용이 있나요?
retro-timeline-add = 장애 페이지에서 추가하세요
retro-ask-question = 질문하기
# 화면 낭독기가 "질문하기" 다음에 읽습니다.
retro-ask-question-about = { $time } 항목에 대해
retro-your-question = 질문
retro-attach-question = 질문 달기

## 돌아보기
retro-add-card-label = 카드 추가: { $prompt }
retro-add-card = 카드 추가
retro-card-count = 카드 { $count }장
retro-card-by-you = — 내가 쓴 카드 (다른 사람에게는 작성자가 보이지 않습니다)
retro-suggestion-more = (표시된 단어에 마우스를 올리거나 포커스를 두면 더 볼 수 있습니다)
retro-edit-card = 카드 수정
retro-card-text = 카드 내용
retro-save-card = 카드 저장
retro-delete-card = 카드 삭제
retro-delete-card-confirm = 이 카드를 삭제할까요?

## 묶기
retro-cards-hidden = 진행자가 공개할 때까지 카드는 보이지 않습니다.
retro-new-theme = 새 주제
retro-create-theme = 주제 만들기
retro-rename-theme-label = 주제 이름 바꾸기: { $theme }
retro-rename = 이름 바꾸기
retro-ungrouped = 아직 주제에 속하지 않은 카드
retro-card-theme = 이 카드의 주제
retro-no-theme = 주제 없음
retro-move = 옮기기

## 투표
retro-votes-hidden = 득표 수 비공개
retro-vote-count = { $count }표
# $left는 굵게 표시됩니다.
retro-votes-left = 내 투표 { $limit }표 중 { $left }표가 남았습니다.
retro-no-themes = 투표할 주제가 없습니다. 묶기 단계로 돌아가 주제를 만들어 주세요.
retro-your-votes-here = 이 주제에 한 내 투표: { $count }
retro-vote = 투표
# 화면 낭독기가 "투표", "타이머 시작" 다음에 읽습니다.
retro-for-theme = 대상: { $theme }
retro-take-vote-back = 투표 취소
# 화면 낭독기가 "투표 취소" 다음에 읽습니다.
retro-from-theme = 대상: { $theme }

## 토론
# $time은 끝나는 시각이며 time 요소로 표시됩니다. $left는 남은 시간입니다.
retro-timer-ends = 타이머: { $time }에 끝납니다 ({ $left } 남음)
retro-timer-up = 타이머: 시간이 다 되었습니다.
retro-notes = 메모
retro-add-note-label = 메모 추가: { $theme }
retro-add-note = 메모 추가
retro-timer-minutes = 분
retro-start-timer = 타이머 시작

## 후속 조치
retro-col-action = 후속 조치
retro-col-type = 유형
retro-col-owner = 담당자
retro-col-priority = 우선순위
retro-col-due = 기한
retro-col-status = 상태
retro-col-incident = 장애
retro-add-action-heading = 후속 조치 추가
retro-action-title = 무엇을 할까요?
retro-action-theme = 관련 주제
retro-action-no-theme = 없음
retro-action-type = 유형
retro-action-owner = 담당자
retro-action-nobody = 아직 없음
retro-action-priority = 우선순위
retro-action-due = 기한
retro-add-action = 후속 조치 추가

## 종료: 요약
retro-download-summary = 요약을 Markdown으로 내려받기
retro-attendees = 참석자
retro-themes = 주제
retro-summary-notes = 메모:
retro-actions = 후속 조치
retro-no-actions = 합의한 후속 조치가 없습니다.
retro-summary-incident = 장애: { $incident }
retro-md-template = 템플릿: { $template } · 진행자: { $facilitator }
retro-md-note = 메모: { $text }

## 장애 페이지의 회고 섹션
retro-section-heading = 회고
retro-prompt-templates = 질문 템플릿
retro-none-yet = 아직 회고가 없습니다.
retro-start-heading = 회고 시작하기
retro-start-template = 템플릿
retro-start-facilitator = 진행자
retro-start-votes = 1인당 투표 수
retro-start-anonymous = 익명 카드 (권장)
retro-start-hide-votes = 투표가 끝날 때까지 득표 수 숨기기
retro-start-minutes = 단계별 제한 시간 (분, 선택)
retro-start = 회고 시작

## 질문 템플릿 페이지
retro-templates-title = 회고 템플릿
retro-templates-breadcrumb = 템플릿
retro-templates-heading = 회고 템플릿
retro-template-name = 이름
retro-template-prompts = 질문
retro-template-prompts-hint = 한 줄에 질문 하나씩, 보여 줄 순서대로 적어 주세요. 제목 뒤에 콜론(:)과 설명 질문을 덧붙일 수 있습니다.
retro-template-save = 템플릿 저장
retro-template-new = 새 템플릿
retro-template-create = 템플릿 만들기
retro-template-saved-new = 템플릿을 저장했습니다. 회고를 시작할 때 고를 수 있습니다.
retro-template-saved = 템플릿을 저장했습니다.

## 기본 템플릿. 회고는 시작할 때 템플릿의 문구를 복사하며, 시작한 사람의 언어로
## 복사합니다.
retro-template-blameless = 비난 없는 회고 (기본)
retro-prompt-went-well = 잘된 점
    .question = 무엇이 문제를 알아채고, 대응하고, 복구하는 데 도움이 되었나요?
retro-prompt-went-badly = 잘되지 않은 점
    .question = 시스템, 도구, 절차 중 어디가 일을 더 어렵게 만들었나요?
retro-prompt-lucky = 운이 좋았던 점
    .question = 무엇이 더 나빠질 수 있었고, 무엇이 그것을 막아 주었나요?
retro-prompt-puzzles = 질문과 의문점
    .question = 아직 이해하지 못한 것은 무엇인가요?
retro-template-assumptions = 가정, 기대, 우려
retro-prompt-assumptions = 가정
    .question = 당연하게 여겼지만 실제로는 달랐던 것은 무엇인가요?
retro-prompt-hopes = 기대
    .question = 무엇이 일어나기를 기대했고, 그 기대가 합리적이었던 이유는 무엇인가요?
retro-prompt-fears = 우려
    .question = 장애 동안 무엇을 걱정했나요?
retro-template-motivations = 동기, 오해, 행동
retro-prompt-motivations = 동기
    .question = 각 순간에 사람들은 무엇을 이루려고 했나요?
retro-prompt-misunderstandings = 오해
    .question = 서로 상황을 다르게 이해한 부분은 어디였나요?
retro-prompt-behaviour = 행동
    .question = 사람들이 알던 것을 고려하면, 당시에는 어떤 행동이 타당했나요?
retro-template-relationships = 선호, 관계, 존중
retro-prompt-preferences = 선호
    .question = 장애 동안 사람들은 어떤 방식으로 일하고 소통하기를 원했나요?
retro-prompt-relationships = 관계
    .question = 사람과 팀 사이의 인계 중 무엇이 잘되었고 무엇이 어려웠나요?
retro-prompt-respect = 존중
    .question = 어디에서 의견이 존중받는다고 느꼈고, 어디에서 그렇지 않았나요?
retro-template-roles = 역할과 책임
retro-prompt-roles-clear = 분명했던 역할
    .question = 누가 자신에게 기대되는 일을 알고 있었나요?
retro-prompt-roles-unclear = 불분명했던 역할
    .question = 누가 행동하거나 결정해야 하는지 불분명했던 곳은 어디였나요?
retro-prompt-gaps = 공백과 중복
    .question = 역할 사이에서 놓치거나 두 번 한 일은 무엇인가요?
retro-template-tasks = 작업, 문제, 조치
retro-prompt-tasks = 작업
    .question = 대응에는 어떤 작업이 있었나요?
retro-prompt-issues = 문제
    .question = 어떤 문제가 대응을 방해했나요?
retro-prompt-actions = 조치
    .question = 어떤 조치가 다음 대응을 더 쉽게 만들까요?
retro-template-delivery = 스프린트, 에픽, 스토리, 릴리스
retro-prompt-releases = 릴리스
    .question = 어떤 릴리스나 변경이 영향을 주었나요?
retro-prompt-planning = 계획
    .question = 우리의 계획과 우선순위가 장애에 어떤 영향을 주었나요?
retro-prompt-follow-up = 후속 작업
    .question = 다음 스프린트에서 어떤 스토리를 다뤄야 할까요?
retro-template-milestones = 마일스톤, 의존성, 날짜
retro-prompt-milestones = 마일스톤
    .question = 어떤 마감이나 마일스톤이 걸려 있었나요?
retro-prompt-dependencies = 의존성
    .question = 우리 것이든 다른 팀 것이든, 어떤 의존성이 중요했나요?
retro-prompt-dates = 날짜
    .question = 어떤 날짜나 시각이 예상과 달랐나요?
retro-template-artifacts = 회의, 일정, 이메일, 파일
retro-prompt-meetings = 회의
    .question = 어떤 회의나 통화가 도움이 되었고, 어떤 것이 방해가 되었나요?
retro-prompt-messages = 메시지
    .question = 어떤 메시지, 이메일, 호출이 제때 알맞은 사람에게 닿았나요?
retro-prompt-documents = 문서
    .question = 어떤 런북, 대시보드, 파일이 필요했고, 그것을 찾을 수 있었나요?
retro-template-customers = 고객과 어떻게 소통했는가
retro-prompt-customers-heard = 고객이 들은 것
    .question = 우리의 공지는 시의적절하고, 규칙적이고, 명확했나요? 소통 검토와 비교해 보세요.
retro-prompt-customers-needed = 고객에게 필요했던 것
    .question = 고객이 알아야 했지만 우리가 말하지 않은 것은 무엇인가요?
retro-prompt-our-language = 우리의 표현
    .question = 우리의 공지는 쉽고 정직했으며 내부 용어 없이 쓰였나요?

## 거절 및 양식 오류
retro-error-unknown-phase = "{ $phase }"은(는) 알 수 없는 단계입니다. prepare, timeline, reflect, group, vote, discuss, actions, closed 중 하나를 골라 주세요.
retro-error-choose-theme = 이 회고의 주제 중 하나를 골라 주세요.
retro-error-wrong-phase = { $phase } 단계에서만 할 수 있습니다.
retro-error-wrong-phases = { $first } 또는 { $second } 단계에서만 할 수 있습니다.
retro-error-facilitator-only = 진행자나 팀 소유자만 할 수 있습니다.
retro-error-vote-limit = 1인당 투표 수는 1에서 20 사이여야 합니다.
retro-error-time-box = 제한 시간은 1분에서 240분 사이여야 합니다.
retro-error-choose-template = 목록에 있는 템플릿 중 하나를 골라 주세요.
retro-error-facilitator-role = 진행자는 팀의 구성원이나 소유자여야 합니다.
retro-error-closed = 이 회고는 종료되었습니다.
retro-error-choose-prompt = 이 회고의 질문 중 하나를 골라 주세요.
retro-error-edit-card = 카드 작성자나 진행자만 카드를 수정할 수 있습니다.
retro-error-delete-card = 카드 작성자나 진행자만 카드를 삭제할 수 있습니다.
retro-error-reveal-first = 카드를 묶기 전에 먼저 공개해 주세요.
retro-error-card-elsewhere = 카드 { $card }은(는) 이 회고에 없습니다.
retro-error-votes-used = 투표 { $limit }표를 모두 사용했습니다.
retro-error-no-vote = 이 주제에 취소할 투표가 없습니다.
retro-error-timer = 타이머는 1분에서 60분까지 설정할 수 있습니다.
retro-error-summary-not-ready = 요약은 회고가 종료된 뒤에 준비됩니다.
retro-error-prompt-count = 질문을 한 줄에 하나씩, 1개에서 12개까지 적어 주세요.
retro-error-prompt-title = { $number }번째 질문의 제목은 80자 이하여야 합니다.
