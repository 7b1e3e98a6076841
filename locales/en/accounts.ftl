# Accounts: signing in, the account page, people and teams.
account-preferences = Preferences
account-language = Language
account-time-zone = Show times in
account-preferences-save = Save preferences
account-preferences-saved = Your preferences are saved.
account-error-unknown-zone = { $zone } is not a time zone we know.
account-error-unknown-language = { $language } is not a language Hindsight speaks (English: en, Korean: ko).
