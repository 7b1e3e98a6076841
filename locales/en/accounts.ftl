# Accounts: signing in, the account page, people and teams.
account-preferences = Preferences
account-language = Language
account-time-zone = Show times in
account-preferences-save = Save preferences
account-preferences-saved = Your preferences are saved.
account-error-unknown-zone = { $zone } is not a time zone we know.
account-error-unknown-language = { $language } is not a language Hindsight speaks (English: en, Korean: ko).

account-title = Your account
account-back = Back to your account
account-name = Name
account-email = Email
account-password = Password
account-error-email = Enter an email address such as ana@example.com.
account-error-email-taken = There is already an account for { $email }.
# $field is a form field's name as the code knows it (name, title, text, reason, comment, …).
account-error-required = The { $field } cannot be empty.
account-error-too-long = The { $field } can be at most { $max } characters long.

login-title = Sign in
login-submit = Sign in
login-forgot = Forgot your password? Ask an administrator for a new password link.
login-signed-out = You are signed out.
login-error-wrong-credentials = That email and password do not match an account. Check both and try again.
login-error-disabled = This account is disabled. Ask an administrator to enable it.
login-error-throttled =
    { $minutes ->
        [one] Too many failed sign-in attempts. Please wait { $minutes } minute and try again.
       *[other] Too many failed sign-in attempts. Please wait { $minutes } minutes and try again.
    }

setup-title = Set up Hindsight
setup-welcome = Welcome to Hindsight
setup-intro = Create the first administrator account. You can invite everyone else afterwards.
setup-your-name = Your name
setup-password-hint = At least { $min } characters. A few unrelated words work well.
setup-password-again = Password again
setup-submit = Create administrator
setup-done = Welcome! You are the administrator. Start by creating a team.
setup-error-link = This setup link is not valid. Use the link printed by `hindsight serve` when the database had no users; once an administrator exists, sign in instead.

token-heading = API tokens
token-intro = For scripts that import timelines or read incidents through the JSON API. A token acts as you; revoke any you no longer use.
token-caption = Your API tokens
token-name = Name
token-created = Created
token-last-used = Last used
token-never-used = never
token-revoke = Revoke
token-revoke-confirm = Revoke the token { $name }?
token-revoked = Token revoked. Programs using it can no longer sign in.
token-new-for = New token for
token-new-hint = What will use it, e.g. "CI importer".
token-create = Create token
token-new-title = New API token
token-new-heading = New API token: { $name }
# $header is the HTTP header to send, shown as code.
token-new-copy = Copy it now: it is shown only once. Send it as { $header }.

password-change-heading = Change your password
password-change-intro = Changing it signs you out on every other device.
password-current = Current password
password-new = New password
password-new-hint = At least { $min } characters.
password-new-again = New password again
password-change-submit = Change password
password-changed = Password changed. You were signed out on every other device.
password-reset-title = Choose a password
password-reset-for = For { $email }.
password-reset-submit = Save password
password-reset-done = Password saved. Sign in with your new password.
password-error-mismatch = The two passwords are not the same.
password-error-current = Your current password is not correct.
password-error-too-short = Choose a password of at least { $min } characters.
password-error-too-long = A password can be at most { $max } characters.
password-error-link-expired = This password link has expired or was already used. Ask an administrator for a new one.

people-title = People
people-caption = Everyone with an account
people-status = Status
people-actions = Actions
people-admin-badge = admin
people-active = Active
people-disabled = Disabled
people-link-button = Password link
# Read by screen readers after "Password link".
people-link-button-whose = for { $name }
people-enable = Enable
people-disable = Disable
people-disable-confirm = Disable { $name }? They will be signed out.
people-disabled-done = { $name } is disabled and was signed out.
people-enabled-done = { $name } can sign in again.
people-error-disable-self = You cannot disable your own account; ask another administrator.
people-add-heading = Add a person
people-add-intro = They get a one-time link to choose their own password.
people-is-admin = Instance administrator (manages people and teams)
people-add-submit = Create account
people-link-title = Password link
people-link-created-for = Account created for { $name }
people-link-for = Password link for { $name }
people-link-send = Send this link to { $email } so they can choose a password. It works once and expires in { $hours } hours. It is shown only now.
people-back = Back to people

role-owner = owner
role-member = member
role-viewer = viewer

team-list-title = Teams
team-list-empty = You are not in any team yet. A team owner or an administrator can add you.
team-create-heading = Create a team
team-name = Team name
team-slug = Short name
team-slug-hint = Used in addresses: lowercase letters, digits and dashes, such as payments-sre.
team-create-submit = Create team
team-created = Team { $team } created. Add its members below.
team-your-role = Your role: { $role }
team-members = Members
team-members-empty = No members yet.
team-members-caption = Members of { $team }
team-role = Role
team-remove = Remove
team-member-disabled = disabled
team-role-of = Role of { $name }
team-role-save = Save
# Read by screen readers after "Save".
team-role-save-whose = role of { $name }
team-remove-confirm = Remove { $name } from { $team }?
team-settings = Settings
team-cadence = Customer update target (minutes)
team-cadence-hint = During an incident, customers should hear from us at least this often. Longer silences are highlighted.
team-settings-save = Save settings
team-add-member-heading = Add a member
team-add-member-email = Email of their account
team-role-hint = Viewers read; members take part; owners also manage the team.
team-add-member-submit = Add member
# $role is owner, member or viewer.
team-member-added =
    { $role ->
        [owner] { $name } is now an owner of { $team }.
        [viewer] { $name } is now a viewer of { $team }.
       *[member] { $name } is now a member of { $team }.
    }
team-role-changed = Role changed to { $role }.
team-member-removed = Member removed.
team-error-role = The role must be owner, member or viewer.
team-error-slug = The short name must be 2–40 lowercase letters, digits or dashes, such as "payments-sre".
team-error-slug-taken = The short name "{ $slug }" is already taken by another team.
team-error-no-account = No account uses { $email }. An administrator can create one under People.
team-error-last-owner = A team needs at least one owner. Make someone else an owner first.

audit-title = Audit log
audit-intro = Every change, who made it and when. Events cannot be changed or removed.
audit-filter-action = Action starts with
audit-filter-object = Object type
audit-filter-actor = By (email)
audit-filter-submit = Show
audit-download = Download these events as CSV
audit-empty = No events match.
audit-caption = Audit events, newest first
audit-when = When
audit-who = Who
audit-what = What
audit-object = Object
audit-detail = Detail
audit-the-system = the system
audit-newer = ← Newer
audit-older = Older →
