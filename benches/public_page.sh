#!/usr/bin/env bash
# Benchmark: a published review page served by Hindsight against nginx serving the same
# bytes from a file.
#
#   benches/public_page.sh               # 10 s per server
#   BENCH_DURATION=3s benches/public_page.sh
#
# What it does:
#   1. builds the release binary (`cargo build --release`; HINDSIGHT_BENCH_BIN skips it);
#   2. starts `hindsight serve --demo` on a fresh SQLite file in a temp dir, on 127.0.0.1
#      and a free port, with --public-url; adds a second team member with the CLI, makes
#      API tokens with `hindsight token create`, and through the API drafts a review of
#      the demo incident (the draft Hindsight writes from it), sends it for review, has the
#      second member approve it and publishes it;
#   3. fetches the page's bytes to a file and starts nginx on 127.0.0.1 (another free port,
#      a config in the temp dir, `daemon off`, pid and logs in the temp dir) serving that
#      file at the same path with the same Content-Type and Cache-Control;
#   4. checks both answer the identical bytes, then, BENCH_ROUNDS times (default 1), warms
#      each up for 1 s and runs `wrk -c 64 -t 2 -d $BENCH_DURATION --latency` against it,
#      Hindsight then nginx, one at a time;
#   5. prints requests/s and p99 of both (medians over the rounds), the ratio
#      hindsight/nginx, the load average before the runs (a busy machine skews
#      everything) and the verdicts against the targets (ratio >= 0.8, Hindsight p99
#      < 10 ms).
#
# Fairness:
#   - nginx gets `worker_processes` = the number of CPUs this script may use (nproc), which
#     is what Hindsight's tokio runtime uses for its worker threads. wrk runs on the same
#     machine for both and takes its share of those CPUs; the servers run one at a time.
#   - Logging: both log every request, as each does out of the box: Hindsight at its
#     default level (one INFO line per response, to a file), nginx with `access_log` to a
#     file (unbuffered). BENCH_LOGS=off switches both off (HINDSIGHT_LOG=warn,
#     `access_log off`).
#   - No compression on either side: wrk sends no Accept-Encoding. Keep-alive on both;
#     nginx's keepalive_requests is raised so it does not close wrk's connections every
#     1000 requests (Hyper never does). nginx uses sendfile and open_file_cache, as a
#     tuned static server would.
#
# Settings (environment): BENCH_DURATION (wrk -d, default 10s), BENCH_CONNECTIONS (64),
# BENCH_THREADS (2), BENCH_LOGS (on|off, default on), BENCH_ROUNDS (1), BENCH_STRICT=1
# to exit 1 when a target is missed (default: report only, since shared CI machines are
# noisy), HINDSIGHT_BENCH_BIN (a built binary; skips the build), BENCH_ACCEPT_LANGUAGE
# (sent with every request, e.g. `ko`, to measure the page in another language; nginx
# serves the bytes Hindsight gave for it).
#
# Needs: cargo, curl, python3 (JSON parsing), wrk and nginx (Debian packages:
# apt-get install wrk nginx). Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
LOGS="${BENCH_LOGS:-on}"
ROUNDS="${BENCH_ROUNDS:-1}"
LANG_HEADER=()
[[ -n "${BENCH_ACCEPT_LANGUAGE:-}" ]] && LANG_HEADER=(-H "Accept-Language: $BENCH_ACCEPT_LANGUAGE")
TARGET_RATIO="0.8"
TARGET_P99_MS="10"

say() { printf '[bench] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }

for tool in curl python3 wrk; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (Debian: apt-get install $tool)"
done
NGINX="$(command -v nginx || true)"
[[ -z "$NGINX" && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
[[ -n "$NGINX" ]] || die "nginx is missing (Debian: apt-get install nginx)"
[[ "$LOGS" == on || "$LOGS" == off ]] || die "BENCH_LOGS is on or off, not $LOGS"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS is a whole number, not $ROUNDS"

if [[ -n "${HINDSIGHT_BENCH_BIN:-}" ]]; then
    BIN="$HINDSIGHT_BENCH_BIN"
else
    say "cargo build --release"
    cargo build --release --quiet
    BIN="${CARGO_TARGET_DIR:-target}/release/hindsight"
fi
[[ -x "$BIN" ]] || die "no binary at $BIN"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/hindsight-bench.XXXXXX")"
HINDSIGHT_PID=""
NGINX_PID=""
cleanup() {
    local status=$?
    for pid in "$HINDSIGHT_PID" "$NGINX_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    for pid in "$HINDSIGHT_PID" "$NGINX_PID"; do
        if [[ -n "$pid" ]]; then
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Reads one field of the JSON on stdin: json_field key [key…] (numbers index lists).
json_field() {
    python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1:]:
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value)' "$@"
}

# Waits until the URL answers 200, or fails naming the log.
wait_for() {
    local url="$1" log="$2" pid="$3"
    for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "the server exited before answering $url"; }
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" == 200 ]]; then return 0; fi
        sleep 0.1
    done
    cat "$log" >&2
    die "$url did not answer 200 within 30 s"
}

# --- Hindsight, seeded through the CLI and the API --------------------------------------

DB="sqlite://$TMP/bench.db"
HS_PORT="$(free_port)"
HS="http://127.0.0.1:$HS_PORT"
say "hindsight serve --demo on $HS ($BIN)"
hindsight_log_level="info,sqlx=warn"
[[ "$LOGS" == off ]] && hindsight_log_level="warn"
# Only the settings chosen here: none of the caller's HINDSIGHT_* variables.
env $(env | awk -F= '/^HINDSIGHT_/ {print "-u " $1}') HINDSIGHT_LOG="$hindsight_log_level" \
    "$BIN" serve --demo --database-url "$DB" --bind "127.0.0.1:$HS_PORT" --public-url "$HS" \
    >"$TMP/hindsight.out" 2>"$TMP/hindsight.log" &
HINDSIGHT_PID=$!
wait_for "$HS/reviews" "$TMP/hindsight.log" "$HINDSIGHT_PID"

# A second member approves: the demo team asks for one approval before publishing.
printf 'bench-reviewer-password\n' |
    "$BIN" user create --database-url "$DB" --email reviewer@example.com --name "Bench Reviewer" --password-stdin >/dev/null
"$BIN" team add-member --database-url "$DB" --team demo --email reviewer@example.com --role member >/dev/null
AUTHOR_TOKEN="$("$BIN" token create --database-url "$DB" --email demo@example.com --name bench)"
REVIEWER_TOKEN="$("$BIN" token create --database-url "$DB" --email reviewer@example.com --name bench)"

api() { # api TOKEN METHOD PATH [JSON]
    local token="$1" method="$2" path="$3" body="${4:-}"
    local args=(-sS --fail-with-body -X "$method" -H "Authorization: Bearer $token")
    [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
    curl "${args[@]}" "$HS$path" || die "$method $path failed"
}

INCIDENT="$(api "$AUTHOR_TOKEN" GET /api/v1/incidents | python3 -c '
import json, sys
data = json.load(sys.stdin)
items = data if isinstance(data, list) else data.get("incidents") or data.get("items") or []
print(items[0]["id"])')"
REVIEW="$(api "$AUTHOR_TOKEN" POST "/api/v1/incidents/$INCIDENT/reviews" '{}' | json_field id)"
api "$AUTHOR_TOKEN" POST "/api/v1/reviews/$REVIEW/submit" '{"reviewers":["reviewer@example.com"]}' >/dev/null
api "$REVIEWER_TOKEN" POST "/api/v1/reviews/$REVIEW/approve" '{}' >/dev/null
SLUG="$(api "$AUTHOR_TOKEN" POST "/api/v1/reviews/$REVIEW/publish" '{}' | json_field slug)"
PAGE_PATH="/reviews/$SLUG"
say "published review $REVIEW of incident $INCIDENT at $PAGE_PATH"

curl -sS --fail "${LANG_HEADER[@]}" -D "$TMP/hindsight.headers" -o "$TMP/page.html" "$HS$PAGE_PATH"
CONTENT_TYPE="$(awk -F': ' 'tolower($1) == "content-type" {sub(/\r$/, "", $2); print $2}' "$TMP/hindsight.headers")"
CACHE_CONTROL="$(awk -F': ' 'tolower($1) == "cache-control" {sub(/\r$/, "", $2); print $2}' "$TMP/hindsight.headers")"
PAGE_BYTES="$(wc -c <"$TMP/page.html")"
say "page: $PAGE_BYTES bytes, Content-Type: $CONTENT_TYPE"

# --- nginx with the same bytes ----------------------------------------------------------

WORKERS="$(nproc)"
NG_PORT="$(free_port)"
NG="http://127.0.0.1:$NG_PORT"
mkdir -p "$TMP/nginx/www$(dirname "$PAGE_PATH")" "$TMP/nginx/temp"
cp "$TMP/page.html" "$TMP/nginx/www$PAGE_PATH"
# Workers may run as another user when started as root: let them read the file.
chmod -R a+rX "$TMP"
if [[ "$LOGS" == on ]]; then access_log="access_log $TMP/nginx/access.log;"; else access_log="access_log off;"; fi
cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes $WORKERS;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
    $access_log
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=100 inactive=60s;
    client_body_temp_path $TMP/nginx/temp/body;
    proxy_temp_path $TMP/nginx/temp/proxy;
    fastcgi_temp_path $TMP/nginx/temp/fastcgi;
    uwsgi_temp_path $TMP/nginx/temp/uwsgi;
    scgi_temp_path $TMP/nginx/temp/scgi;
    types { }
    server {
        listen 127.0.0.1:$NG_PORT;
        root $TMP/nginx/www;
        location = $PAGE_PATH {
            default_type "$CONTENT_TYPE";
            add_header Cache-Control "$CACHE_CONTROL";
        }
    }
}
EOF
"$NGINX" -t -q -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" 2>"$TMP/nginx/test.log" ||
    { cat "$TMP/nginx/test.log" >&2; die "nginx refused the config"; }
say "nginx ($WORKERS worker processes, access log $LOGS) on $NG"
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" 2>>"$TMP/nginx/error.log" &
NGINX_PID=$!
wait_for "$NG$PAGE_PATH" "$TMP/nginx/error.log" "$NGINX_PID"

# The same bytes and type from both.
curl -sS --fail -D "$TMP/nginx.headers" -o "$TMP/from-nginx.html" "$NG$PAGE_PATH"
curl -sS --fail "${LANG_HEADER[@]}" -o "$TMP/from-hindsight.html" "$HS$PAGE_PATH"
cmp -s "$TMP/page.html" "$TMP/from-nginx.html" || die "nginx does not serve the identical bytes"
cmp -s "$TMP/page.html" "$TMP/from-hindsight.html" || die "Hindsight's page changed between two requests"
NG_TYPE="$(awk -F': ' 'tolower($1) == "content-type" {sub(/\r$/, "", $2); print $2}' "$TMP/nginx.headers")"
[[ "$NG_TYPE" == "$CONTENT_TYPE" ]] || die "nginx answers Content-Type $NG_TYPE, Hindsight $CONTENT_TYPE"

# --- wrk ----------------------------------------------------------------------------------

# Runs wrk and prints "requests_per_second p99_ms" (also checks for errors).
measure() {
    local name="$1" url="$2" out="$TMP/wrk-$1.txt"
    wrk -c "$CONNECTIONS" -t "$THREADS" -d 1s "${LANG_HEADER[@]}" "$url" >/dev/null # warm-up
    say "wrk -c $CONNECTIONS -t $THREADS -d $DURATION --latency ${LANG_HEADER[*]} $url ($name)"
    wrk -c "$CONNECTIONS" -t "$THREADS" -d "$DURATION" --latency "${LANG_HEADER[@]}" "$url" >"$out"
    sed 's/^/    /' "$out" >&2
    if grep -q 'Non-2xx or 3xx responses' "$out"; then die "$name answered errors during the run"; fi
    awk '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000;
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0;
            if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000;
            return v + 0;
        }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "99%" { p99 = ms($2) }
        END {
            if (rps == "" || p99 == "") exit 1;
            printf "%.2f %.3f\n", rps, p99;
        }' "$out" || die "could not read wrk's output for $name"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
hs_runs=()
ng_runs=()
for round in $(seq "$ROUNDS"); do
    ((ROUNDS > 1)) && say "round $round of $ROUNDS"
    # measure runs in a subshell: its die() ends only that, so check what it printed.
    run="$(measure hindsight "$HS$PAGE_PATH")" && [[ "$run" =~ ^[0-9.]+\ [0-9.]+$ ]] || die "the Hindsight run failed"
    hs_runs+=("$run")
    run="$(measure nginx "$NG$PAGE_PATH")" && [[ "$run" =~ ^[0-9.]+\ [0-9.]+$ ]] || die "the nginx run failed"
    ng_runs+=("$run")
done
# With several rounds, the median of each figure.
median() { # median COLUMN RUN…
    local column="$1"; shift
    printf '%s\n' "$@" | awk -v c="$column" '{print $c}' | sort -g |
        awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
HS_RPS="$(median 1 "${hs_runs[@]}")"
HS_P99="$(median 2 "${hs_runs[@]}")"
NG_RPS="$(median 1 "${ng_runs[@]}")"
NG_P99="$(median 2 "${ng_runs[@]}")"

python3 - "$HS_RPS" "$HS_P99" "$NG_RPS" "$NG_P99" "$TARGET_RATIO" "$TARGET_P99_MS" \
    "$PAGE_BYTES" "$DURATION" "$CONNECTIONS" "$THREADS" "$WORKERS" "$LOGS" "$ROUNDS" "$LOAD_BEFORE" \
    "${BENCH_ACCEPT_LANGUAGE:-}" \
    >"$TMP/summary.txt" <<'EOF'
import sys
hs_rps, hs_p99, ng_rps, ng_p99, target_ratio, target_p99 = map(float, sys.argv[1:7])
page_bytes, duration, connections, threads, workers, logs, rounds, load, accept = sys.argv[7:]
lang = f" (Accept-Language: {accept})" if accept else ""
ratio = hs_rps / ng_rps if ng_rps else 0.0
ratio_ok = ratio >= target_ratio
p99_ok = hs_p99 < target_p99
print(f"page: {page_bytes} bytes{lang}; wrk -c {connections} -t {threads} -d {duration}; nginx workers {workers}; request logs {logs}")
print(f"rounds: {rounds}" + (" (medians)" if int(rounds) > 1 else "") + f"; load average before: {load}")
print(f"hindsight: {hs_rps:10.0f} requests/s   p99 {hs_p99:7.2f} ms")
print(f"nginx:     {ng_rps:10.0f} requests/s   p99 {ng_p99:7.2f} ms")
print(f"ratio hindsight/nginx: {ratio:.2f} (target >= {target_ratio:g}): {'PASS' if ratio_ok else 'MISS'}")
print(f"hindsight p99: {hs_p99:.2f} ms (target < {target_p99:g} ms): {'PASS' if p99_ok else 'MISS'}")
print("verdict: " + ("PASS" if ratio_ok and p99_ok else "MISS"))
EOF
cat "$TMP/summary.txt"

if [[ "${BENCH_STRICT:-0}" == 1 ]] && ! grep -q '^verdict: PASS' "$TMP/summary.txt"; then
    exit 1
fi
