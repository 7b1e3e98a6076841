# Incidents: the incident page, its timeline, the communication review and the strip.
incident-breadcrumb = Incident
incident-severity = Severity: { $severity }
incident-not-resolved = not resolved
incident-affected = Affected: { $services }
incident-customer-impact = Customer impact:
incident-durations = How long each stage took
incident-time-to-detect = Time to detect
incident-time-to-acknowledge = Time to acknowledge
incident-time-to-mitigate = Time to mitigate
incident-time-to-resolve = Time to resolve
incident-unknown = unknown
incident-cadence-saved = Customers should now hear from us at least every { $minutes } minutes.
incident-error-cadence-number = Enter the update target as a whole number of minutes.
incident-error-cadence-range = The update target must be between 5 and 1440 minutes.

## The incidents section of a team page
incident-list-actions = The team's action items
incident-list-dashboard = Follow-through dashboard
incident-list-templates = Retro templates
incident-list-heading = Incidents
incident-list-import = Import a timeline
incident-list-empty = No incidents yet.

## Durations ("2 h 05 min"); $m in hours-minutes comes zero-padded
duration-seconds = { $s } s
duration-minutes = { $m } min
duration-hours-minutes = { $h } h { $m } min
duration-days-hours = { $d } d { $h } h

## Timeline
timeline-heading = Timeline
timeline-kind = Kind
timeline-all-kinds = All kinds
timeline-actor = Actor
timeline-everyone = Everyone
timeline-visibility = Visibility
timeline-all-visibilities = All
timeline-filter-internal = Internal
timeline-filter-public = Public
timeline-filter-submit = Filter
timeline-show-all = Show all
timeline-showing = Showing { $shown } of { $total } entries.
timeline-times-in = Times in { $zone }.
timeline-times-in-hover = Times in { $zone }; hover for UTC.
timeline-add-heading = Add a missing entry
timeline-add-when = When ({ $zone })
timeline-add-actor = Who or what
timeline-add-text = What happened
timeline-add-submit = Add entry
timeline-badge-public = public
timeline-badge-key-moment = key moment
timeline-mark-key-moment = Mark as key moment
timeline-unmark-key-moment = Unmark key moment
timeline-edit = Edit
timeline-text = Text
timeline-save-entry = Save entry
# Read by screen readers after a button of one entry: "Edit entry at 14:05 KST (alert, PagerDuty)".
timeline-entry-which = entry at { $time } ({ $what })
timeline-entry-added = Entry added to the timeline.
timeline-entry-saved = Entry saved.
timeline-key-moment-marked = Marked as a key moment.
timeline-key-moment-unmarked = No longer a key moment.
timeline-kind-alert = alert
timeline-kind-detection = detection
timeline-kind-action = action
timeline-kind-decision = decision
timeline-kind-observation = observation
timeline-kind-escalation = escalation
timeline-kind-communication = communication
timeline-kind-resolution = resolution
timeline-kind-note = note
timeline-visibility-internal = internal
timeline-visibility-public = public
timeline-error-time = Enter the time as date and time, e.g. 2024-05-01 14:30.
timeline-error-skipped-time = That time does not exist in { $zone } (the clocks skipped it).
timeline-error-text-empty = The entry's text cannot be empty.
timeline-error-text-too-long = An entry can be at most { $max } characters long.
# $kind is what was sent, in quotes; $known lists the kinds as they are written.
timeline-error-unknown-kind = unknown kind { $kind }; expected one of { $known }
timeline-error-unknown-visibility = unknown visibility { $visibility }; expected internal or public

## How customers were kept informed
communication-heading = How we kept customers informed
communication-none = No public updates are in this timeline. Mark status-page updates as public communication entries to review them here.
communication-public-updates = Public updates
communication-first-update = First update after
communication-mean-gap = Mean gap
communication-median-gap = Median gap
communication-longest-silence = Longest silence
communication-gaps-over = Gaps over the { $target } target
communication-caption = Public updates in order
communication-time = Time
communication-silence-before = Silence before
communication-promises-next = Says when the next update comes
communication-update = Update
communication-over-target = over target
communication-yes = Yes
communication-no = No

## The strip (an SVG drawing of the incident)
strip-title = Incident timeline strip
strip-detecting = Detecting
strip-acknowledging = Acknowledging
strip-mitigating = Mitigating
strip-recovering = Recovering
strip-resolved = Resolved
strip-description =
    { $updates ->
        [one] From { $start } to { $end }. { $updates } public update; the longest silence was { $silence }.
       *[other] From { $start } to { $end }. { $updates } public updates; the longest silence was { $silence }.
    }
strip-not-measurable = not measurable
strip-silence = Silence of { $duration } before an update
strip-update-at = Public update at { $time }
strip-legend-update = public update
strip-legend-silence = silence longer than the target
