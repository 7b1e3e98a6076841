#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis: a fresh
# `hindsight serve --demo` on a free port and a temporary SQLite database, a token for the
# demo user, and a few records to aim at. Fails on any 5xx and on any response that does
# not match the document.
#
#   HINDSIGHT_BIN          the binary (default target/debug/hindsight)
#   SCHEMATHESIS_EXAMPLES  examples per operation and phase (default 40)
#   SCHEMATHESIS_MAX_TIME  seconds for the whole run (default 150)
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
BIN=${HINDSIGHT_BIN:-target/debug/hindsight}
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-40}
MAX_TIME=${SCHEMATHESIS_MAX_TIME:-150}

if [[ ! -x $BIN ]]; then
    echo "schemathesis.sh: no hindsight binary at $BIN (build it, or set HINDSIGHT_BIN)" >&2
    exit 1
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [[ -n $SERVER_PID ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# schemathesis: the one on PATH, else the pinned version in a venv of our own.
if command -v st >/dev/null 2>&1; then
    ST=$(command -v st)
else
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
        if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing python3-venv…"
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        else
            echo "schemathesis.sh: python3 cannot make a venv; install python3-venv (Debian) or put schemathesis's st on PATH" >&2
            exit 1
        fi
    fi
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
    ST=$WORK/venv/bin/st
fi
echo "Using $("$ST" --version)"

# A free port: bind to 0, read what we got, let it go.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT
DB=sqlite://$WORK/hindsight.db

# The rate limit would turn the run into 429s.
HINDSIGHT_LOG=${HINDSIGHT_LOG:-warn} "$BIN" serve --demo --bind "127.0.0.1:$PORT" --database-url "$DB" \
    --api-requests-per-minute 1000000 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    if curl -fsS "$BASE/healthz" >/dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "schemathesis.sh: the server stopped:" >&2
        cat "$WORK/server.log" >&2
        exit 1
    fi
    sleep 0.1
done
curl -fsS "$BASE/healthz" >/dev/null

TOKEN=$("$BIN" token create --email demo@example.com --name st --database-url "$DB" 2>/dev/null | tail -n 1)
if [[ $TOKEN != hs_* ]]; then
    echo "schemathesis.sh: could not create a token" >&2
    exit 1
fi

# Something for the id parameters to point at: the demo incident, a retro, an item, a review.
api() {
    curl -fsS -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        --data "$3" "$BASE$2"
}
id_of() { python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'; }
INCIDENT=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/incidents" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["incidents"][0]["id"])')
RETRO=$(api POST "/api/v1/incidents/$INCIDENT/retros" '{}' | id_of)
ACTION=$(api POST /api/v1/actions \
    "{\"incident_id\": $INCIDENT, \"title\": \"Alert on resolver latency\", \"type\": \"detect\", \"priority\": \"P2\"}" | id_of)
REVIEW=$(api POST "/api/v1/incidents/$INCIDENT/reviews" '{}' | id_of)

cat >"$WORK/schemathesis.toml" <<EOF
[parameters]
"path.incident" = $INCIDENT
"path.retro" = $RETRO
"path.action" = $ACTION
"path.review" = $REVIEW
"path.team" = "demo"
EOF

status=0
# schemathesis keeps a cache in the working directory: keep it in ours.
cd "$WORK"
# The event stream stays open by design; a request to it would only time out.
"$ST" --config-file "$WORK/schemathesis.toml" run "$BASE/api/v1/openapi.json" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,response_schema_conformance \
    --exclude-path '/api/v1/retros/{retro}/events' \
    --max-examples "$EXAMPLES" \
    --max-time "$MAX_TIME" \
    --request-timeout 20 \
    --workers 2 \
    --no-color || status=$?

if [[ $status != 0 ]]; then
    echo "--- server log (last 50 lines) ---"
    tail -n 50 "$WORK/server.log"
fi
exit "$status"
