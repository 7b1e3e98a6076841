# Refusals that only the JSON API gives (its field names stay English).
api-error-owner-not-member = { $email } is not a member of the item's team.
api-error-reviewer-not-member = { $email } is not a member of the review's team.
api-error-text-too-long = Check at most { $limit } characters at once.
api-error-unknown-format = unknown format "{ $name }"; use auto, native, csv, markdown, statuspage, pagerduty or slack
api-error-unknown-time-zone = unknown time zone "{ $name }"; use an IANA name such as Europe/Berlin
guidance-error-unknown-option = unknown { $field } "{ $value }": expected { $expected }
