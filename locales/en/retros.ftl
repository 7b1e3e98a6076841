# Retrospectives: the live meeting, its phases, prompt templates and the summary.

## The meeting page
retro-page-title = Retro: { $incident }
retro-breadcrumb = Retrospective
retro-heading = Retrospective: { $incident }
retro-facilitated-by = facilitated by { $name }
retro-anonymous-cards = anonymous cards
retro-votes-each = { $count ->
    [one] { $count } vote each
   *[other] { $count } votes each
}
retro-phases-label = Meeting phases
retro-phase-back = Back to { $phase }
retro-phase-next = Next: { $phase }
retro-reveal-cards = Reveal cards
retro-present = Here now: { $names }
retro-present-nobody = nobody yet
retro-facilitator-label = Facilitator:
retro-time-box = Time box: { $minutes ->
    [one] { $minutes } minute;
   *[other] { $minutes } minutes;
}
# $time is the end time, shown as a time element.
retro-time-box-ends = ends at { $time }.
retro-time-box-up = time is up.
retro-watching = You are watching: viewers can read along but not take part.

## Phases: their names, what the facilitator says, what participants do
retro-phase-prepare = Prepare
    .script = Welcome everyone. We are here to learn how the system let this happen, not to find someone to blame. We ask "how" and "what", never "why didn't you". First, let's check the actions we promised after earlier incidents.
    .instructions = Read the agenda and the ground rules. Look at the open actions from earlier incidents.
retro-phase-timeline = Timeline
    .script = Let's read the timeline together. If something is missing, add it; if something puzzles you, attach a question to the entry.
    .instructions = Read the timeline. Add what is missing; attach questions to entries.
retro-phase-reflect = Reflect
    .script = Take ten quiet minutes to write cards under each prompt. Describe what happened and what made each action reasonable at the time.
    .instructions = Write cards under the prompts. Others see only how many cards there are until they are revealed.
retro-phase-group = Group
    .script = I'll reveal the cards now. Let's read them and group the ones that belong together into themes, and give each theme a short name.
    .instructions = Group related cards into themes and name them.
retro-phase-vote = Vote
    .script = Spend your votes on the themes you most want to discuss. You can take a vote back until the phase ends.
    .instructions = Vote for the themes to discuss.
retro-phase-discuss = Discuss
    .script = We'll go through the themes in vote order. For each, let's capture what we learned in the notes.
    .instructions = Discuss the themes in vote order and add notes.
retro-phase-actions = Actions
    .script = Let's turn what we learned into a few concrete actions, each with an owner and a due date.
    .instructions = Agree on action items: a title, an owner, a due date, a priority and a type.
retro-phase-closed = Closed
    .script = Thank you. The summary below is what we agreed; the actions are tracked until they are done.
    .instructions = The meeting is over. This page is its read-only summary.

## Prepare
retro-agenda = Agenda
retro-ground-rules = Ground rules
retro-rule-system = We look for how the system made each action sensible at the time.
retro-rule-questions = We ask "how" and "what", not "why didn't you".
retro-rule-best = Everyone did the best they could with what they knew then.
retro-rule-conditions = We describe conditions, not character.
retro-follow-through = Follow-through: open actions from earlier incidents
retro-no-open-actions = No open actions from earlier incidents.

## Timeline
retro-timeline-missing = Something missing?
retro-timeline-add = Add it on the incident page
retro-ask-question = Ask a question
# Read by screen readers after "Ask a question".
retro-ask-question-about = about the entry at { $time }
retro-your-question = Your question
retro-attach-question = Attach question

## Reflect
retro-add-card-label = Add a card: { $prompt }
retro-add-card = Add card
retro-card-count = { $count ->
    [one] { $count } card
   *[other] { $count } cards
}
retro-card-by-you = — you (others do not see who wrote it)
retro-suggestion-more = (hover or focus the marked words for more)
retro-edit-card = Edit card
retro-card-text = Card text
retro-save-card = Save card
retro-delete-card = Delete card
retro-delete-card-confirm = Delete this card?

## Group
retro-cards-hidden = The cards are hidden until the facilitator reveals them.
retro-new-theme = New theme
retro-create-theme = Create theme
retro-rename-theme-label = Rename theme { $theme }
retro-rename = Rename
retro-ungrouped = Not in a theme yet
retro-card-theme = Theme of this card
retro-no-theme = No theme
retro-move = Move

## Vote
retro-votes-hidden = votes hidden
retro-vote-count = { $count ->
    [one] { $count } vote
   *[other] { $count } votes
}
# $left is shown in bold.
retro-votes-left = { $left } of your { $limit } votes left.
retro-no-themes = There are no themes to vote on. Go back to Group and make some.
retro-your-votes-here = Your votes here: { $count }
retro-vote = Vote
# Read by screen readers after "Vote" and "Start timer".
retro-for-theme = for { $theme }
retro-take-vote-back = Take a vote back
# Read by screen readers after "Take a vote back".
retro-from-theme = from { $theme }

## Discuss
# $time is the end time, shown as a time element; $left how long is left.
retro-timer-ends = Timer: ends at { $time } ({ $left } left)
retro-timer-up = Timer: time is up.
retro-notes = Notes
retro-add-note-label = Add a note on { $theme }
retro-add-note = Add note
retro-timer-minutes = Minutes
retro-start-timer = Start timer

## Actions
retro-col-action = Action
retro-col-type = Type
retro-col-owner = Owner
retro-col-priority = Priority
retro-col-due = Due
retro-col-status = Status
retro-col-incident = Incident
retro-add-action-heading = Add an action
retro-action-title = What will we do?
retro-action-theme = From theme
retro-action-no-theme = None
retro-action-type = Type
retro-action-owner = Owner
retro-action-nobody = Nobody yet
retro-action-priority = Priority
retro-action-due = Due date
retro-add-action = Add action

## Closed: the summary
retro-download-summary = Download the summary as Markdown
retro-attendees = Attendees
retro-themes = Themes
retro-summary-notes = Notes:
retro-actions = Actions
retro-no-actions = No actions were agreed.
retro-summary-incident = Incident: { $incident }
retro-md-template = Template: { $template } · Facilitator: { $facilitator }
retro-md-note = Note: { $text }

## The retros section of an incident page
retro-section-heading = Retrospectives
retro-prompt-templates = Prompt templates
retro-none-yet = No retrospective yet.
retro-start-heading = Start a retrospective
retro-start-template = Template
retro-start-facilitator = Facilitator
retro-start-votes = Votes per person
retro-start-anonymous = Anonymous cards (recommended)
retro-start-hide-votes = Hide vote counts until voting ends
retro-start-minutes = Time box per phase (minutes, optional)
retro-start = Start retrospective

## Prompt templates page
retro-templates-title = Retro templates
retro-templates-breadcrumb = Templates
retro-templates-heading = Retrospective templates
retro-template-name = Name
retro-template-prompts = Prompts
retro-template-prompts-hint = One prompt a line, in the order shown: a title, optionally followed by a colon and a question.
retro-template-save = Save template
retro-template-new = New template
retro-template-create = Create template
retro-template-saved-new = Template saved. It is offered when a retrospective starts.
retro-template-saved = Template saved.

## Built-in templates. A retro copies its template's texts when it starts, in the
## language of the person who starts it.
retro-template-blameless = Blameless review (default)
retro-prompt-went-well = What went well
    .question = What helped us notice, respond and recover?
retro-prompt-went-badly = What didn't go well
    .question = Where did the system, the tools or the process make the work harder?
retro-prompt-lucky = Where we got lucky
    .question = What could have gone worse, and what kept it from doing so?
retro-prompt-puzzles = Questions and puzzles
    .question = What do we still not understand?
retro-template-assumptions = Assumptions, hopes and fears
retro-prompt-assumptions = Assumptions
    .question = What did we take for granted that turned out differently?
retro-prompt-hopes = Hopes
    .question = What did we hope would happen, and what made that reasonable?
retro-prompt-fears = Fears
    .question = What were we worried about during the incident?
retro-template-motivations = Motivations, misunderstandings and behaviour
retro-prompt-motivations = Motivations
    .question = What were people trying to achieve at each moment?
retro-prompt-misunderstandings = Misunderstandings
    .question = Where did we understand the situation differently from each other?
retro-prompt-behaviour = Behaviour
    .question = Which actions made sense at the time, given what people knew?
retro-template-relationships = Preferences, relationships and respect
retro-prompt-preferences = Preferences
    .question = How did people prefer to work and communicate during the incident?
retro-prompt-relationships = Relationships
    .question = Which hand-offs between people and teams worked, and which were hard?
retro-prompt-respect = Respect
    .question = Where did we feel heard, and where not?
retro-template-roles = Roles and responsibilities
retro-prompt-roles-clear = Roles that were clear
    .question = Who knew what they were expected to do?
retro-prompt-roles-unclear = Roles that were unclear
    .question = Where was it unclear who should act or decide?
retro-prompt-gaps = Gaps and overlaps
    .question = What fell between roles, or was done twice?
retro-template-tasks = Tasks, issues and actions
retro-prompt-tasks = Tasks
    .question = Which tasks did the response involve?
retro-prompt-issues = Issues
    .question = Which issues got in the way?
retro-prompt-actions = Actions
    .question = Which actions would make the next response easier?
retro-template-delivery = Sprints, epics, stories and releases
retro-prompt-releases = Releases
    .question = Which releases or changes played a part?
retro-prompt-planning = Planning
    .question = How did our plans and priorities shape the incident?
retro-prompt-follow-up = Follow-up work
    .question = Which stories should the next sprints carry?
retro-template-milestones = Milestones, dependencies and dates
retro-prompt-milestones = Milestones
    .question = Which deadlines or milestones were in play?
retro-prompt-dependencies = Dependencies
    .question = Which dependencies, ours or others', mattered?
retro-prompt-dates = Dates
    .question = Which dates or times surprised us?
retro-template-artifacts = Meetings, calendars, emails and files
retro-prompt-meetings = Meetings
    .question = Which meetings or calls helped, and which got in the way?
retro-prompt-messages = Messages
    .question = Which messages, emails or pages reached the right people in time?
retro-prompt-documents = Documents
    .question = Which runbooks, dashboards or files did we need, and could we find them?
retro-template-customers = How we communicated with customers
retro-prompt-customers-heard = What customers heard
    .question = Were our updates timely, regular and clear? Compare with the communication review.
retro-prompt-customers-needed = What they needed
    .question = What did customers need to know that we did not say?
retro-prompt-our-language = Our language
    .question = Were our updates plain, honest and free of internal jargon?

## Refusals and form errors
retro-error-unknown-phase = unknown phase "{ $phase }"; expected prepare, timeline, reflect, group, vote, discuss, actions or closed
retro-error-choose-theme = Choose one of this retro's themes.
retro-error-wrong-phase = This can only be done in the { $phase } phase.
retro-error-wrong-phases = This can only be done in the { $first } or { $second } phase.
retro-error-facilitator-only = Only the facilitator or a team owner can do this.
retro-error-vote-limit = The vote limit must be between 1 and 20.
retro-error-time-box = The time box must be between 1 and 240 minutes.
retro-error-choose-template = Choose one of the listed templates.
retro-error-facilitator-role = The facilitator must be a member or owner of the team.
retro-error-closed = This retro is closed.
retro-error-choose-prompt = Choose one of this retro's prompts.
retro-error-edit-card = Only the card's author or the facilitator can change it.
retro-error-delete-card = Only the card's author or the facilitator can delete it.
retro-error-reveal-first = Reveal the cards before grouping them.
retro-error-card-elsewhere = Card { $card } is not in this retro.
retro-error-votes-used = You have used all { $limit } of your votes.
retro-error-no-vote = You have no vote on this theme to take back.
retro-error-timer = The timer runs 1 to 60 minutes.
retro-error-summary-not-ready = The summary is ready once the retro is closed.
retro-error-prompt-count = Write between 1 and 12 prompts, one a line.
retro-error-prompt-title = Prompt { $number } needs a title of at most 80 characters.
