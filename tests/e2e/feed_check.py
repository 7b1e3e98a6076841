#!/usr/bin/env python3
"""Parses an Atom feed with feedparser and prints what the browser tests check, as JSON.

    python3 feed_check.py FEED_FILE

Prints {"bozo": 0|1, "bozo_exception": str|null, "version": "atom10", "feed": {... "language"},
"entries": [{"id", "title", "link", "updated", "published", "content_type",
"content_length"}]}. Exits 2 when feedparser is missing, so the caller can say what to
install (Debian: apt-get install python3-feedparser). Run it with Debian's
/usr/bin/python3 so the local run and CI use the same feedparser.
"""

import json
import sys

try:
    import feedparser
except ImportError:
    sys.stderr.write("feedparser is not installed: apt-get install python3-feedparser\n")
    sys.exit(2)


def main() -> int:
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 1
    with open(sys.argv[1], "rb") as handle:
        data = handle.read()
    parsed = feedparser.parse(data)
    exception = parsed.get("bozo_exception")
    entries = []
    for entry in parsed.entries:
        content = entry.get("content") or [{}]
        entries.append(
            {
                "id": entry.get("id"),
                "title": entry.get("title"),
                "link": entry.get("link"),
                "updated": entry.get("updated"),
                "published": entry.get("published"),
                "content_type": content[0].get("type"),
                "content_length": len(content[0].get("value", "")),
            }
        )
    print(
        json.dumps(
            {
                "feedparser": feedparser.__version__,
                "bozo": int(bool(parsed.bozo)),
                "bozo_exception": str(exception) if exception else None,
                "version": parsed.get("version"),
                "feed": {
                    "id": parsed.feed.get("id"),
                    "title": parsed.feed.get("title"),
                    "updated": parsed.feed.get("updated"),
                    "language": parsed.feed.get("language"),
                    "self": next(
                        (l.get("href") for l in parsed.feed.get("links", []) if l.get("rel") == "self"),
                        None,
                    ),
                },
                "entries": entries,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
