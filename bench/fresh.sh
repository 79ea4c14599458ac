#!/usr/bin/env bash
# bench/fresh.sh: complete submissions of fresh respondents, as a real
# consultation makes them, over the API and over the pages: every
# submission is a survivors' organisation invited through the store before
# the measurement, who opens the form, saves and submits. vaconsult-load
# checks afterwards that the database holds every submission it counted,
# and prints submissions/s, p50/p99 latency, the CPU time per submission of
# the server and of its PostgreSQL backends, and the load average. After
# each run, pgbench replays that path's statements
# (bench/pgbench-submit-api.sql, bench/pgbench-submit-pages.sql) with as
# many clients on the same database, over the respondents just submitted,
# under vaconsult-load -watch, which adds the CPU time of pgbench and of the
# backends.
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
	read -r CID QSID Q1 Q2 Q3 KMIN KMAX < <(psql -X -q -At -F ' ' "$DBURL" -c "
		SELECT c.id, qs.id, string_agg(q.id::text, ' ' ORDER BY q.number),
			(SELECT min(k.id) || ' ' || max(k.id) FROM contributors k JOIN respondents r ON r.id = k.respondent_id
			 WHERE r.name LIKE 'Fresh survivors%' AND r.id IN (SELECT respondent_id FROM responses WHERE status = 'submitted'))
		FROM consultations c JOIN question_sets qs ON qs.consultation_id = c.id AND qs.audience = 'survivors'
		JOIN questions q ON q.question_set_id = qs.id WHERE c.slug = 'va-impact-2012' GROUP BY c.id, qs.id")
	T='We were asked once to fill in a survey, but nobody came back to tell us what it showed. Le centre de réadaptation est à quatre heures de route et le billet de bus coûte une semaine de revenus. Nuestra asociación recoge las cifras cada trimestre y las envía a la autoridad nacional. '
	T="$T$T$T$T"
	PGB=(pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "${PGBENCH_SECONDS:-20}" -f "bench/pgbench-submit-$mode.sql"
		-D clients="$CLIENTS" -D kmin="$KMIN" -D kmax="$KMAX" -D cid="$CID" -D qsid="$QSID" -D slug=va-impact-2012 -D lang=en
		-D ids="{$Q1,$Q2,$Q3}" -D choices="{no,NULL,dont_know}" -D texts="{\"$T\",\"$T\",\"$T\"}" "$DBURL")
	log "pgbench: the $mode submission's statements, $CLIENTS clients (contributors $KMIN to $KMAX)"
	echo "vaconsult-load -watch -pg-db $DB -- ${PGB[*]}" | sed "s|$T|...|g" >"$OUT/pgbench-submit-$mode.cmd"
	"$BIN/vaconsult-load" -watch -pg-db "$DB" -- "${PGB[@]}" | tee "$OUT/pgbench-submit-$mode.txt"
	awk -F '[=:] *' '$1 == "watch_db_cpu_ms" { d = $2 } $1 == "watch_cmd_cpu_ms" { c = $2 }
		/^number of transactions actually processed/ { n = $2 }
		END { if (n > 0) printf "pgbench CPU per submission: backends %.3f ms + pgbench %.3f ms = %.3f ms\n", d / n, c / n, (d + c) / n }' \
		"$OUT/pgbench-submit-$mode.txt" | tee -a "$OUT/pgbench-submit-$mode.txt"
done
log "raw outputs in $OUT"
