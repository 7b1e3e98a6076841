# Guidance: the chrome around findings (the findings' own texts come from the rule files).
# Read by screen readers before a finding's message.
guidance-suggestion = Suggestion:
