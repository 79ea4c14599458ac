#!/usr/bin/env bash
# bench/fresh.sh: complete submissions of fresh respondents, as a real
# consultation makes them, over the API and over the pages: every
# submission is a survivors' organisation invited through the store before
# the measurement, who opens the form, saves and submits. vaconsult-load
# checks afterwards that the database holds every submission it counted,
# and prints submissions/s, p50/p99 latency, the CPU time per submission of
# the server and of its PostgreSQL backends, and the load average.
#
#   bash bench/fresh.sh                 # 32 concurrent respondents, API then pages
#   MODES=pages PER_WORKER=200 bash bench/fresh.sh
#
# Environment: CLIENTS (32), PER_WORKER (fresh respondents per concurrent
# respondent, 100), MODES ("api pages"), PORT (18092), PG (server URL
# without a database, postgres://postgres@127.0.0.1:5432), OUT (folder for
# the raw outputs). It drops and recreates the database vaconsult_fresh.
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-32}
PER_WORKER=${PER_WORKER:-100}
MODES=${MODES:-api pages}
PORT=${PORT:-18092}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=vaconsult_fresh
DBURL="$PG/$DB?sslmode=disable"
OUT=${OUT:-$(mktemp -d /tmp/vaconsult-fresh.XXXXXX)}
BIN=$(mktemp -d /tmp/vaconsult-fresh-bin.XXXXXX)
mkdir -p "$OUT"
log() { printf '%s\n' "bench: $*" >&2; }

log "building into $BIN"
go build -o "$BIN/vaconsult" ./cmd/vaconsult
go build -o "$BIN/vaconsult-load" ./cmd/vaconsult-load

log "recreating database $DB"
psql -X -q -v ON_ERROR_STOP=1 "$PG/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"

SERVER_PID=
stop() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$BIN"
}
trap stop EXIT

log "starting the server on 127.0.0.1:$PORT (log: $OUT/server.log)"
DATABASE_URL="$DBURL" LISTEN_ADDR="127.0.0.1:$PORT" "$BIN/vaconsult" serve >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do
	curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
	kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server.log" >&2; exit 1; }
	sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null

for mode in $MODES; do
	log "$mode: $((CLIENTS * PER_WORKER)) fresh respondents, $CLIENTS at a time"
	cmd=("$BIN/vaconsult-load" -url "http://127.0.0.1:$PORT" -database-url "$DBURL" -n "$CLIENTS"
		-respondents $((CLIENTS * PER_WORKER)) -fresh "$mode" -server-pid "$SERVER_PID" -pg-db "$DB" -kv)
	echo "${cmd[*]}" | sed "s|$BIN/||" >"$OUT/fresh-$mode.cmd"
	"${cmd[@]}" | tee "$OUT/fresh-$mode.txt"
done
log "raw outputs in $OUT"
