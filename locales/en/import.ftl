# Importing incident timelines: the upload form, the preview, and what the importers
# say about a file. Places in a file (line, column, entry) are arguments, so every
# message keeps saying where the problem is. JSON paths ($.entries[3].kind), file names
# and the importers' technical details stay as they are.

## Places in a file
import-at-line = line { $line }
import-at-line-column = line { $line }, column { $column }
# $column is a column's name from the header row (time, actor, kind, text).
import-at-line-field = line { $line }, column { $column }
import-at-line-byte = line { $line }, byte { $byte }
import-at-entry = entry { $number }
import-at-entry-time = entry { $number } ({ $time })
import-at-incident = incident
import-at-incident-title = incident title
import-at-zip-entry = zip entry { $index }
import-at-upload = upload
# The name of a document that has none: pasted text, or a JSON document.
import-pasted-text = pasted text
import-input = input

## The upload form
import-title = Import a timeline
import-intro = Bring in a finished incident from where it was recorded. You will see a preview before anything is saved, and importing the same export again adds nothing.
import-file = File
import-file-hint = JSON, CSV, Markdown or a Slack export zip.
import-paste = Or paste the timeline
import-format = Format
import-time-zone = Time zone for times written without one
import-time-zone-hint = An IANA name such as Europe/Berlin or America/New_York. Leave empty if every time has a zone.
import-preview-button = Preview import
import-format-auto = Detect automatically
import-format-native = Hindsight JSON
import-format-csv = CSV (time, actor, kind, text)
import-format-markdown = Markdown or plain-text timeline
import-format-statuspage = Atlassian Statuspage incident JSON
import-format-pagerduty = PagerDuty incident and log entries JSON
import-format-slack = Slack channel export (zip)
import-format-unknown = an unknown format
import-error-upload-unreadable = The upload could not be read: { $detail }
import-error-upload-too-large = The upload is larger than the limit of { $megabytes } MB.
import-error-nothing-chosen = Choose a file or paste a timeline.
import-error-unknown-zone = { $zone } is not a time zone we know; use an IANA name such as Europe/Berlin.

## The preview
import-preview-title = Preview import
import-preview-heading = Preview: { $title }
# $format is shown in bold.
import-read-as = Read as { $format }.
# $added is shown in bold; $count is the same number, for the plural.
import-preview-existing = This incident was imported before: { $added } new { $count ->
    [one] entry
   *[other] entries
} would be added to the { $existing } already there.
import-preview-new = A new incident with { $added } { $count ->
    [one] entry
   *[other] entries
} would be created.
import-entries-by-kind = Entries by kind
# $first and $last are times.
import-preview-range = From { $first } to { $last }.
import-please-check = Please check
import-first-entries = First entries
import-public = public
import-and-more-entries = … and { $count } more.
import-button = Import
import-start-over = Start over
import-incident = Incident
import-incident-caption = Incident fields found in the file
import-field-title = Title
import-field-severity = Severity
import-field-services = Affected services
import-field-started = Started
import-field-detected = Detected
import-field-acknowledged = Acknowledged
import-field-mitigated = Mitigated
import-field-resolved = Resolved
import-not-in-file = not in the file
import-error-preview-expired = This preview has expired. Upload the file again.
import-done-unchanged = Nothing new: this export was imported before.
import-done = Imported { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}.

## Incident titles made up when the file has none
import-title-csv = Incident of { $date }
import-title-markdown = Timeline of { $date }
import-title-pagerduty = PagerDuty incident { $id }
import-title-statuspage = Statuspage incident { $id }

## Any format
import-error-empty-file = the file is empty
import-error-title-too-long = the title is longer than 300 characters
import-error-text-too-long = the text is longer than { $max } characters
import-error-json-depth = JSON nested deeper than { $levels } levels
import-error-nul-incident = The incident's details contain a NUL character.
import-error-nul-entry = Entry { $number } contains a NUL character.
import-error-empty-text = the text is empty
import-error-empty-title = the title is empty
import-error-skipped-time = { $value } does not exist in { $zone } (the clocks skipped it)
import-error-clocks-skipped = { $time } did not happen in { $zone }: clocks skipped it for daylight saving time
import-error-missing = missing
import-error-missing-incident-id = missing the incident id, which identifies the incident when it is imported again
import-error-expected-incident = expected an incident object, found { $found }
import-and-more = and { $count } more
import-warning-duplicates = { $count ->
    [one] { $count } entry repeats
   *[other] { $count } entries repeat
} an earlier one exactly (same time, actor and text); kept both
import-warning-still-open = the incident is still open (status { $status }); its timeline may be incomplete

## JSON
import-expected-time = an RFC 3339 time with an offset, like 2016-10-21T11:10:07Z or 2016-10-21T07:10:07-04:00
import-error-empty-json = the file is empty; expected { $expected } as JSON
import-error-invalid-json = not valid JSON: { $detail }
import-error-expected-text = expected text, found { $found }
import-error-expected-time = expected a time, found { $found }; expected { $expected }
import-error-not-a-time = { $value } is not a time; expected { $expected }
import-error-no-offset = { $value } has no UTC offset; expected { $expected }, or choose the time zone the file was written in
import-error-not-rfc3339 = { $value } is not an RFC 3339 time; write it like 2016-10-21T11:10:00Z or 2016-10-21T07:10:00-04:00
# How an error names a JSON value it did not expect.
import-json-number = the number { $number }
import-json-text = the text { $text }
import-json-array = an array
import-json-object = an object

## CSV
import-error-csv-utf8 = the file is not valid UTF-8; save it as UTF-8 and try again
import-error-csv-header-unreadable = the header row could not be read
import-error-csv-row-unreadable = this row could not be read
import-error-csv-field-count = { $problem }: it has { $found } fields where the header has { $expected }
import-error-csv-missing-columns = the header lacks the column(s) { $missing }; it needs time, actor, kind and text (visibility is optional), found: { $found }
import-error-csv-no-entries = the file has a header but no entries
import-error-csv-not-a-time = { $value } is not a time; write 2016-10-21T11:10:00Z, or 2016-10-21 11:10 with --timezone
import-error-csv-no-zone = { $value } has no time zone; add one (2016-10-21T11:10:00Z) or give the time zone it was written in (--timezone Europe/Berlin, or the time zone field when importing on the web)
import-warning-csv-order = this entry is earlier than the one before it; entries are shown in time order
import-warning-naive-times = { $count ->
    [one] { $count } time had
   *[other] { $count } times had
} no zone and were read in the given time zone

## Markdown and plain text
import-error-markdown-utf8 = the text is not UTF-8; save the document as UTF-8 text and import it again
import-error-markdown-no-date = { $value } has no date: put a date line such as `2016-10-21` or `## October 21, 2016` above it, or write the date before the time
import-error-markdown-no-zone = { $value } has no time zone: write one ({ $written } UTC) or give the time zone it was written in (--timezone Europe/Berlin, or the time zone field when importing on the web)
import-error-markdown-skipped = { $problem }; write the time with its offset (e.g. UTC-7)
import-error-markdown-no-entries = no timeline entries found: expected lines that start with a time, such as `- 2016-10-21 11:10 UTC — text`, `14:02 UTC: text`, or headings like `### 2018 October 21 22:52 UTC`
import-warning-markdown-next-day = { $written } is earlier than the time before it; read as the next day, { $date }
# $earlier is a date and time in UTC, $later a time of day.
import-warning-markdown-twice = { $written } happened twice in { $zone } (clocks went back); read as the earlier, { $earlier }, not { $later } UTC
import-warning-markdown-empty = { $written } has no text; skipped
import-warning-markdown-order = this entry is earlier than the one before it ({ $previous }); check its date and time
import-warning-markdown-ignored = { $count ->
    [one] 1 line of text outside the timeline was not imported (line { $line })
   *[other] { $count } lines of text outside the timeline were not imported (the first on line { $line })
}

## Slack
import-error-zip-unreadable = not a readable zip archive: { $detail }
import-error-zip-too-many = the archive holds { $count } files; at most { $max } are accepted
import-error-zip-too-big = the archive expands to more than { $megabytes } MB; at most that much is accepted
import-error-zip-entry = unreadable zip entry: { $detail }
import-error-zip-inflate = could not be unzipped: { $detail }
import-error-zip-lying = { $problem } (this entry inflates past its declared size)
import-error-slack-channels = the export holds { $count } channels with messages ({ $names }); export only the incident's channel, or remove the other channel folders, and import again
import-error-slack-no-messages = the export has no messages from people to import (channel folders: { $folders })
import-error-slack-no-folders = no channel folders found: a Slack export has a folder per channel with a file per day, like `incident-db-outage/2016-10-21.json`
import-error-slack-users = expected an array of users
import-error-slack-conversations = expected an array of conversations
import-error-slack-messages = expected an array of messages
import-error-slack-user-object = expected a user object
import-error-slack-user-id = a user needs an id
import-error-slack-conversation-object = expected a conversation object
import-error-slack-message-object = expected a message object
import-error-slack-ts-missing = a message needs its ts
import-error-slack-ts = { $value } is not a Slack timestamp like "1477046400.000200"
import-error-out-of-range = { $value } is out of range
import-warning-slack-dropped = dropped { $count } messages that are not conversation: { $reasons }
import-warning-slack-unknown-users = { $count } messages are by users missing from users.json ({ $ids }); they are shown by id

## PagerDuty
import-expected-pagerduty = PagerDuty log entries
import-error-pd-not-entries = not PagerDuty log entries: expected an object with log_entries (and optionally incident)
import-error-pd-expected-entries = expected an array of log entries, found { $found }
import-error-pd-missing-entries = missing: expected the incident's log entries (GET /incidents/{"{"}id{"}"}/log_entries) beside the incident
import-error-pd-nothing = no log entries and no incident: nothing to import
import-error-pd-no-incident = the log entries name no incident (no incident.id), and the file has no incident object; export the incident beside its log entries
import-error-pd-several = the log entries belong to { $count } incidents ({ $ids }), but one import is one incident; export the log entries of one incident (GET /incidents/{"{"}id{"}"}/log_entries)
import-error-pd-expected-entry = expected a log entry object, found { $found }
import-error-pd-missing-type = missing the log entry type, like trigger_log_entry
import-error-pd-missing-time = missing the log entry's time; expected { $expected }
import-warning-pd-more = the export says more log entries exist ("more": true) but holds only { $count }; fetch every page of /incidents/{"{"}id{"}"}/log_entries to import the whole timeline
import-warning-pd-other-incidents = skipped { $count } log entries of other incidents ({ $ids })
import-warning-pd-unknown-type = imported { $count } log entries of unknown type { $kind } as notes
import-warning-pd-no-title = the incident has no title; titled it "{ $title }"
import-warning-pd-resolved-time = the incident is resolved but no resolve log entry was exported; used the incident's own resolution time
import-warning-pd-resolved-unknown = the incident is resolved but neither a resolve log entry nor a resolution time was exported; its resolution time is unknown
import-warning-pd-no-trigger-created = no trigger log entry was exported; the detection time is the incident's creation time
import-warning-pd-no-trigger = no trigger log entry was exported; the detection time is unknown
import-warning-pd-duplicates = skipped { $count } log entries listed twice (same id)

## Statuspage
import-expected-statuspage = a Statuspage incident
import-error-sp-expected-incidents = expected an array of incidents, found { $found }
import-error-sp-not-incident = not a Statuspage incident: expected an incident object with incident_updates, or an object with page and incident (or incidents)
import-error-sp-empty-list = the list holds no incidents; nothing to import
import-error-sp-several = the file holds { $count } incidents, but one import is one incident: { $names }. Keep only the incident you want in the list and import again.
import-error-sp-expected-updates = expected an array of updates, found { $found }
import-error-sp-missing-updates = missing; expected the incident's updates
import-error-sp-expected-update = expected an update object, found { $found }
import-error-sp-no-time = the update has neither display_at nor created_at, so its time is unknown
import-error-sp-expected-components = expected an array of components, found { $found }
import-warning-sp-no-name = the incident has no name; titled it "{ $title }"
import-warning-sp-resolved-time = resolved_at was empty; used the resolved update's time ({ $time })
import-warning-sp-resolution-unknown = the incident is { $status } but has no resolved_at and no resolved update; its resolution time is unknown
import-warning-sp-maintenance = this is a scheduled maintenance rather than an incident; imported it anyway
import-warning-sp-no-updates = the incident has no updates, so the timeline is empty
import-warning-sp-null-updates = incident_updates was null; read it as no updates
import-warning-sp-duplicates = skipped { $count } update(s) listed twice (same id)
