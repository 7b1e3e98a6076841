# Action items: their pages, lists, board, dashboard, calendar feed and webhook settings.

## Labels of stored values (the database, CSV and API keep the values themselves).
action-status-open = Open
action-status-in-progress = In progress
action-status-done = Done
action-status-wont-do = Won't do
action-status-unknown = Unknown
action-type-prevent = prevent
action-type-mitigate = mitigate
action-type-detect = detect
action-type-process = process
action-type-communicate = communicate
action-sort-due = Due date
action-sort-priority = Priority
action-sort-newest = Newest
action-sort-updated = Recently changed

## An item's page
action-breadcrumb = Action item
action-status = Status
action-owner = Owner
action-owner-nobody = Nobody yet
action-no-owner = no owner
action-due = Due
action-due-date = Due date
# After a comma in a list: "P1, Ana, due 2026-03-01".
action-due-on = due { $date }
action-priority = Priority
action-type = Type
action-why-not = Why not:
action-tracked-in = Tracked in { $link }
action-change = Change
action-title = Title
action-description = Description
action-reason = Reason (needed for won't do)
action-link = Link to the issue tracker
action-public = Public: list it in the customer-facing review
action-save = Save changes
action-saved = Saved.
action-history = History
action-history-created = Created.
action-history-someone = someone
action-history-person = person { $id }
action-history-yes = yes
action-history-no = no
# $field is the stored field name; $old and $new are shown in bold.
action-history-changed =
    Changed { $field ->
        [owner_id] owner
        [due_date] due date
        [external_url] link
        [status_reason] reason
       *[other] { $field }
    } from { $old } to { $new }.
action-status-set = { $title }: { $status }.

## On an incident's page
action-incident-heading = Action items
action-incident-empty = No action items yet.
action-add-summary = Add an action item
action-add-title = What will we do?
action-add-submit = Add action item
action-added = Action item added.

## Lists
action-list-mine = My open action items
action-list-title = Action items
action-filter-team = Team
action-filter-all-teams = All my teams
action-filter-anyone = Anyone
action-filter-me = Me
action-filter-any = Any
action-filter-still-to-do = Still to do
action-filter-due-from = Due from
action-filter-due-until = Due until
action-filter-sort = Sort by
action-filter-overdue = Overdue only
action-filter-submit = Show
action-list-download = Download this view as CSV
action-list-empty = No action items match.
action-column-action = Action
action-column-incident = Incident
action-overdue-mark = overdue
action-list-previous = ← Previous
action-list-next = Next →

## The team board
action-board-title = { $team } action items
action-board-breadcrumb = Action items
action-board-heading = Action items of { $team }
action-board-list = List with filters
action-board-overdue = Overdue
# Read by screen readers after a field's label ("Status", "Owner").
action-quick-of = of { $title }
action-quick-due-of = date of { $title }
action-quick-save = Save
action-quick-save-whose = changes to { $title }

## Refusals
action-error-type = The type must be prevent, mitigate, detect, process or communicate.
action-error-priority = The priority must be P1, P2 or P3.
action-error-status = The status must be open, in_progress, done or wont_do.
# $text is what was typed, in quotes.
action-error-date = { $text } is not a date; write it like 2026-03-01.
action-error-owner-not-member = The owner must be a member of the team.
action-error-owner-not-in-team = The owner must be a member of the item's team.
action-error-owner-choice = Choose an owner from the list.
action-error-incident-number = The incident must be a number.
action-error-link = The link must be an http or https address, such as https://github.com/acme/app/issues/12.
action-error-description-too-long = The description can be at most 20,000 characters.
action-error-reason-needed = Say why this will not be done: the reason is kept with the item.

## Dashboard
dashboard-title-mine = Follow-through across your teams
dashboard-title-team = Follow-through of { $team }
dashboard-open = Open
dashboard-overdue = Overdue
dashboard-done-days = Done in { $days } days
dashboard-completion = Done, of the last { $incidents } incidents' items
# $percent comes formatted ("80%").
dashboard-completion-rate = { $percent } of { $items }
dashboard-see-items = See the items
dashboard-chart-open-by-priority = Open items by priority
dashboard-chart-days-by-type = Median days to close, by type
dashboard-chart-days-by-priority = Median days to close, by priority
dashboard-chart-items = { $value } items
dashboard-chart-days = { $value } days
dashboard-chart-empty = Nothing to show yet.
dashboard-waiting-longest = Waiting longest
dashboard-nothing-open = Nothing is open.

## Calendar feed
calendar-heading = Calendar feed
calendar-intro = Subscribe to your action items' due dates in your calendar app. The address is secret: anyone who has it sees your items' titles.
calendar-renew = Make a new address (the old one stops working)
calendar-create = Make a calendar address
calendar-stop = Stop the feed
calendar-stop-confirm = Stop the calendar feed?
calendar-stopped = The calendar feed is stopped.
calendar-link-heading = Your calendar feed
calendar-link-intro = Add this address to your calendar app as a subscription. It is shown only now.

## Webhook
webhook-heading = Notifications
webhook-intro = Hindsight posts to this address when an action item is created, done, due within two days, or overdue.
webhook-sending = Sending { $format } messages to { $url }.
webhook-url = Webhook address (empty to stop)
webhook-format = Format
webhook-format-slack = Slack-compatible ({"{"}"text": …{"}"})
webhook-format-generic = Generic JSON, signed with HMAC-SHA256
webhook-save = Save webhook
webhook-off = Notifications are off.
webhook-failures = Deliveries that failed
# $reason is what the delivery was about: created, done, due_soon or overdue.
webhook-reason = { $reason }
webhook-attempts =
    { $count ->
        [one] { $count } attempt
       *[other] { $count } attempts
    }
webhook-saved = Webhook saved
webhook-secret-intro = Deliveries carry { $timestamp } and { $signature }, the HMAC-SHA256 of { $signed } with this secret. It is shown only now.
webhook-back = Back to the team
webhook-error-url = The webhook must be an http or https address.
webhook-error-format = Choose Slack or generic JSON.
calendar-feed-name = Hindsight action items
calendar-event-summary = Due ({ $priority }): { $title }
calendar-event-description = Action item from the incident "{ $incident }".
webhook-language = Language of the messages
webhook-message-created = New action item{ $who }: { $title }
webhook-message-done = Done{ $who }: { $title }
webhook-message-due-soon = Due { $due }{ $who }: { $title }
webhook-message-overdue = Overdue since { $due }{ $who }: { $title }
webhook-message-review-published = Published a public review: { $title }
webhook-message-review-corrected = Corrected the public review { $title }: { $note }
