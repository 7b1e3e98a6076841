# Shared web plumbing: refused input, rate limits, pagers.
web-pages = Pages
web-error-no-such-page = There is no such page.
# $detail is the reader's own technical reason, in English.
web-error-form = The form could not be read: { $detail }.
web-error-query = The address has a parameter we could not read: { $detail }.
web-error-json = The JSON body could not be read: { $detail }.
web-error-json-nul = Text cannot contain NUL characters (\u0000).
web-error-nul = { $field } cannot contain NUL characters.
web-error-number = Enter a whole number for { $field }.
web-error-rate-limited = Too many API requests: at most { $limit } a minute. Try again in { $seconds } s.
