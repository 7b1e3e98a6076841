# The layout, navigation and error pages every view shares.
site-name = Hindsight
skip-to-content = Skip to main content
nav-main = Main
nav-teams = Teams
nav-actions = Action items
nav-dashboard = Dashboard
nav-people = People
nav-public-site = Public site
nav-audit = Audit log
nav-account = Account
nav-sign-in = Sign in
nav-sign-out = Sign out
footer-tagline = Hindsight — blameless reviews, clear follow-through.

error-title-not-found = Page not found
error-title-forbidden = Not allowed
error-title-invalid = Please check your input
error-title-too-many = Please wait a moment
error-title-server = Something went wrong
error-title-other = Request not completed
error-where = Where: { $location }
error-reference = Reference for the administrator:
error-go-home = Go to the start page
error-or-back = or go back and try again.

error-not-found = We couldn't find that page. It may have moved, or you may not have access to it.
error-forbidden = Your role doesn't allow this. Ask a team owner if you need it.
error-sign-in-required = Please sign in to continue.
error-csrf = This form has expired or came from another site. Reload the page and try again.
error-too-large = The request is too large.
error-internal = Something went wrong on our side. It has been logged; please try again.
error-location-field = field { $name }
error-location-parameter = parameter { $name }
