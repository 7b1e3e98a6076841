# Post-incident reviews: the team's editor and workflow, translations, and the public site.

## Workflow states
review-status-draft = Draft
review-status-in-review = In review
review-status-approved = Approved
review-status-published = Published
review-status-retracted = Retracted

## Refusals of the workflow
review-error-body-too-long = The review can be at most { $max } characters long.
review-error-body-empty = The review cannot be empty.
review-error-changed-meanwhile = Someone changed this review meanwhile. Reload it and try again.
review-error-retracted = This review was retracted; it can no longer change.
review-error-submit-not-draft = Only a draft can be sent for review; this one is { $status }.
review-error-reviewer-is-author = Ask someone other than the author: a second pair of eyes is the point.
review-error-reviewer-not-member = Reviewers must be members of the team who can edit.
review-error-no-reviewers = Choose at least one team member to review the draft.
review-error-approve-not-in-review = Only a review that was sent for review can be approved.
review-error-approve-own = The author cannot approve their own review; ask a teammate.
review-error-nothing-changed = Nothing has changed since the last publication.
review-error-publish-not-approved = Only an approved review can be published; send it for review first.
review-error-change-note-missing = Say in a sentence what this correction changes; readers see it on the page.
review-error-change-note-too-long = The change note can be at most { $max } characters long.
review-error-slug-exhausted = Too many reviews share this title today; change the title.
review-error-retract-unpublished = Only a published review can be retracted; a draft can simply be left.
review-error-list-too-long = Keep the list under 500 lines and 20,000 characters.

## Messages after a step
review-flash-draft-ready = A first draft is ready, written from the incident. Make it yours.
review-flash-saved = Saved.
review-flash-submitted = Sent for review.
review-flash-approved = Approved. It can be published now.
review-flash-published = Published at /reviews/{ $slug }.
review-flash-retracted = Retracted. The public page now says why.
review-flash-commented = Comment added.
review-flash-settings-saved = Review settings saved.
review-flash-site-saved = Public site settings saved.

## The editor's checklist
review-check-impact-window = The impact window is stated (a start and an end time)
review-check-time-zone = A time zone is stated
review-check-changes-section = What we are changing has its own section with at least one item
review-check-no-placeholders = No placeholders from the first draft are left
review-check-done = Done:
review-check-todo = To do:

## The incident page and the team's list
review-incident-heading = Public review
review-incident-none = No public review yet. Customers who lived through this deserve a clear account.
review-incident-public-page = public page
review-write = Write the public review
review-list-title = Public reviews · { $team }
review-list-heading = Public reviews
review-list-empty = No reviews yet. Start one from an incident's page with “Write the public review”.
review-col-review = Review
review-col-incident = Incident
review-col-status = Status
review-col-changed = Changed
review-list-version-public = (a version is public)
review-list-public-site = See the public site

## The editor
review-checklist = Checklist
review-suggestions = Suggestions for a public audience
review-suggestions-none = Nothing to suggest.
review-suggestions-count = { $count ->
        [one] { $count } suggestion
       *[other] { $count } suggestions
    }, marked in your text below: hover or focus one to read it. Suggestions only — nothing here stops you from publishing.
review-preview = Preview
review-public-at = Public at
review-retracted-reason = Retracted: { $reason }
review-workflow = Workflow
review-workflow-correction = A correction is being drafted; the published version stays up until it is published.
review-workflow-draft = Draft: only the team sees it.
review-workflow-in-review = Waiting for a review.
review-workflow-approved = Approved and ready to publish.
review-workflow-published = Published. Edit it to draft a correction.
review-workflow-retracted = Retracted: the public page explains why.
review-workflow-asked = Asked: { $names }.
review-workflow-approved-by = Approved by { $name }.
review-ask-legend = Ask for a review
review-ask-nobody = Nobody else on the team can review. A team owner can switch approval off for small teams.
review-ask-submit = Send for review
review-approve = Approve
review-approve-not-you = Someone other than you approves it.
review-change-note-label = What this correction changes (shown on the public page)
review-change-note-hint = For example: corrected the end of the impact window.
review-publish = Publish
review-retract-summary = Retract the public review
review-retract-reason-label = Why (shown on the page that replaces it)
review-retract-confirm = Retract this review? Its page will say it was withdrawn.
review-retract = Retract
review-field-title = Title
review-field-body = Review (Markdown)
review-save = Save
review-read-only = You can read this review; members of the team edit it.
review-comments = Comments
review-comments-none = No comments yet.
review-comment-someone = Someone
review-comment-label = Add a comment
review-comment-submit = Comment
review-revisions-heading = Published revisions
review-revision-first = first publication
review-feedback-heading = Reader feedback
review-feedback-counts = { $clear } found it clear, { $unclear } did not.
review-feedback-clear = Clear
review-feedback-unclear = Not clear
review-reader-feedback-heading = What readers of the public review said

## Translations
review-language-en = English
review-language-ko = Korean
review-translations-heading = Translations
review-translation-heading = { $language } translation
review-translation-page-title = { $language } translation · { $title }
review-translation-none = Not translated yet.
review-translation-draft = Saved, not published yet.
review-translation-published = Published
review-translation-unpublished-changes = Saved changes are not published yet.
review-translation-stale = May be out of date:
review-translation-stale-detail = translated from revision { $from }; the English review is now at revision { $current }. Readers keep seeing the last published translation until it is brought up to date and published.
review-translation-stale-detail-draft = translated before the English review was first published; it is now at revision { $current }. Readers keep seeing the last published translation until it is brought up to date and published.
review-translation-retracted = The English review was retracted, so its translation is off the public site too.
review-translation-start = Start the { $language } translation
review-translation-edit = Edit the { $language } translation
review-translation-read = Read the { $language } translation
review-translation-public-page = Public page of the translation
review-translation-no-approval = No second approval is needed: the English review was approved, and the translation tells { $language } readers the same thing. It can be published once the English review is published.
review-translation-needs-english = Publish the English review first; the translation is published beside it.
review-translation-publish = Publish the { $language } translation
review-translation-field-title = Title in { $language }
review-translation-field-body = Translation in { $language } (Markdown)
review-translation-read-only = You can read this translation; members of the team edit it.
review-translation-english = The English text (revision { $revision })
review-translation-english-draft = The English text (not published yet)
review-translation-english-show = Show the English text
review-translation-history = Published versions
review-translation-history-item = translated from English revision { $source }
review-translation-history-item-draft = translated before the English review was first published
review-translation-flash-saved = Translation saved.
review-translation-flash-published = Translation published at { $path }.
review-translation-error-english-unpublished = A translation is published beside its English review: publish the English review first.
review-translation-error-not-saved = Save the translation before publishing it.
review-translation-error-nothing-changed = Nothing has changed since the translation was last published.

## Team settings
review-settings-heading = Public reviews and guidance
review-settings-approval = Ask a second team member to approve a review before it is published
review-settings-internal-names = Internal names customers should not see (one per line: services, hosts, team names)
review-settings-blame-phrases = Extra phrases to flag as blame (one per line)
review-settings-save = Save review settings
review-settings-team-reviews = The team's public reviews

## The public site's settings (administrators)
review-site-title = Public site
review-site-intro-before = How the public review pages at
review-site-intro-after = look.
review-site-name = Site name
review-site-logo = Logo address (https://…, optional)
review-site-accent = Accent colour
review-site-default-name = Incident reviews
review-site-error-logo-scheme = The logo must be an https:// address or a path on this site.
review-site-error-logo-invalid = The logo address is not a valid address.
review-site-error-accent = Write the accent colour as #rrggbb, such as #2456a6.

## The public site
review-public-nav = Site
review-public-feed = Feed
review-public-feed-title = { $site } — feed
review-public-feed-title-in = { $site } — feed in { $language }
review-public-subscribe-before = Subscribe to new and corrected reviews with the
review-public-atom-feed = Atom feed
review-public-subscribe-after = .
review-public-impact-window = Impact window
review-public-impact-to = to
review-public-impact-from = From
review-public-impact-in-text = Stated in the review below
review-public-affected = Affected
review-public-published = Published
review-public-updated = Updated
review-public-updated-lower = updated
review-public-revisions = Revisions
# A link to the page in this file's language, named in it.
review-public-read-in = Read in English
review-public-original-only = This review is published in { $language } only.
review-public-translated-from = Translated from the { $language } original (revision { $revision }).
review-public-translated-from-draft = Translated from the { $language } original.
review-public-translation-behind = The original was corrected after this translation was made.
review-public-read-original = Read the corrected original.
review-public-feedback-question = Was this review clear?
review-public-feedback-answer = Your answer
review-public-feedback-yes = Yes
review-public-feedback-no = No
review-public-feedback-comment = What could be clearer? (optional)
review-public-feedback-trap = Leave this empty
review-public-feedback-send = Send feedback
review-public-retracted-title = Retracted: { $title }
review-public-retracted-heading = This review was retracted
review-public-withdrawn = “{ $title }” was withdrawn on { $date }.
review-public-reason = Reason:
review-public-all = All reviews
review-public-no-translation-title = Not published in { $language }
review-public-no-translation = This review has not been published in { $language }. The original is in English:
review-public-unknown-language-title = Language not available
review-public-unknown-language = The address asks for the language “{ $asked }”, which this site does not have. It is available in:
review-public-thanks = Thank you
review-public-thanks-detail = Your feedback helps us write clearer reviews.
review-public-back = Back to the review
review-public-index-title = Incident reviews
review-public-index-description = Post-incident reviews from { $site }
review-public-index-intro = What went wrong, what it meant for you, and what we are changing.
review-public-month = Month
review-public-all-months = All months
review-public-service = Service
review-public-all-services = All services
review-public-filter = Filter
review-public-none = No reviews match.
review-public-error-month = { $month } is not a month; write it like 2026-03.
review-public-api-retracted = This review was retracted: { $reason }
review-public-error-clear = Choose yes or no: was this review clear?
review-public-error-comment-long = Keep the comment under { $max } characters.
review-public-error-too-much-feedback = Thank you — we have had a lot of feedback from your address. Please try again in an hour.
# The title of the feed in this file's language; the English feed's is the site's name.
review-feed-title = { $site }
