#!/usr/bin/env bash
# bench/run.sh: measures vaconsult's draft-save path over HTTP against
# pgbench running the same SQL on the same database, and the server's CPU
# time per complete submission. Prints a Markdown table and the commands.
#
#   bash bench/run.sh                    # 20 s phases, 32 concurrent respondents
#   ROUNDS=3 bash bench/run.sh           # HTTP and pgbench in turn, three times
#   PROFILE=1 bash bench/run.sh          # also CPU profiles of the server (pprof)
#
# Environment: DURATION (seconds per phase, 20), CLIENTS (32), ROUNDS (1:
# rounds of HTTP saves then pgbench; the table shows the round least
# disturbed by other work), PORT (18090), PG (server URL without a database,
# postgres://postgres@127.0.0.1:5432), OUT (folder for the raw outputs, a
# new temporary one by default), PROFILE (1: run the server as
# bench/profserver, with pprof on PPROF_PORT, 18091, and save a CPU profile
# of the first round's saves and of the submissions in OUT), POOL_MAX_CONNS
# (N: run bench/profserver with a database pool of N connections instead of
# pgx's default, the greater of 4 and the number of CPUs).
#
# It drops and recreates the database vaconsult_bench. Other work on the
# machine skews every figure: the table shows how much of the CPUs it took
# during each phase (with PostgreSQL's own background processes).
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8 # the answer texts below are cut by character, not by byte

DURATION=${DURATION:-20}
CLIENTS=${CLIENTS:-32}
ROUNDS=${ROUNDS:-1}
PORT=${PORT:-18090}
PPROF_PORT=${PPROF_PORT:-18091}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=vaconsult_bench
DBURL="$PG/$DB?sslmode=disable"
OUT=${OUT:-$(mktemp -d /tmp/vaconsult-bench.XXXXXX)}
PROFILE=${PROFILE:-}
POOL_MAX_CONNS=${POOL_MAX_CONNS:-}
BIN=$(mktemp -d /tmp/vaconsult-bench-bin.XXXXXX)
mkdir -p "$OUT"

log() { printf '%s\n' "bench: $*" >&2; }

# --- tools -------------------------------------------------------------------
if ! command -v pgbench >/dev/null 2>&1; then
	if [ -x /usr/lib/postgresql/15/bin/pgbench ]; then
		PATH=/usr/lib/postgresql/15/bin:$PATH
	else
		log "pgbench is missing: installing postgresql-contrib"
		apt-get update -qq && apt-get install -y -qq postgresql-contrib >/dev/null
	fi
fi
for tool in pgbench psql curl go; do
	command -v "$tool" >/dev/null || { log "$tool is missing"; exit 1; }
done

log "building into $BIN"
go build -o "$BIN/vaconsult" ./cmd/vaconsult
go build -o "$BIN/vaconsult-load" ./cmd/vaconsult-load
SERVER_BIN="$BIN/vaconsult serve"
if [ -n "$PROFILE$POOL_MAX_CONNS" ]; then
	go build -o "$BIN/profserver" ./bench/profserver
	SERVER_BIN="$BIN/profserver"
fi

# --- a fresh database and the server -------------------------------------------
log "recreating database $DB"
psql -X -q -v ON_ERROR_STOP=1 "$PG/postgres?sslmode=disable" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"

SERVER_PID=
PROFILE_PID=
stop() {
	if [ -n "$PROFILE_PID" ]; then kill "$PROFILE_PID" 2>/dev/null || true; fi
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$BIN"
}
trap stop EXIT

log "starting the server on 127.0.0.1:$PORT (log: $OUT/server.log)"
DATABASE_URL="$DBURL" LISTEN_ADDR="127.0.0.1:$PORT" PPROF_ADDR="127.0.0.1:$PPROF_PORT" POOL_MAX_CONNS="$POOL_MAX_CONNS" \
	$SERVER_BIN >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
	curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
	kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server.log" >&2; exit 1; }
	sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null

# profile NAME: saves a CPU profile of the server over most of a phase.
profile() {
	[ -n "$PROFILE" ] || return 0
	# From 3 s in, past the phase's warm-up, to about its end.
	(sleep 3 && curl -fsS -o "$OUT/$1.pprof" \
		"http://127.0.0.1:$PPROF_PORT/debug/pprof/profile?seconds=$((DURATION - 2))") &
	PROFILE_PID=$!
}

# kv FILE KEY: a value from vaconsult-load -kv output.
kv() { sed -n "s/^$2=//p" "$1"; }

# --- the phases ---------------------------------------------------------------------
LOAD=("$BIN/vaconsult-load" -url "http://127.0.0.1:$PORT" -vaconsult "$BIN/vaconsult" -database-url "$DBURL"
	-n "$CLIENTS" -duration "${DURATION}s" -server-pid "$SERVER_PID" -pg-db "$DB" -kv)

# http_saves ROUND: HTTP draft saves at CLIENTS concurrent respondents.
http_saves() {
	log "round $1/$ROUNDS: HTTP saves, ${DURATION}s at $CLIENTS concurrent respondents"
	[ "$1" = 1 ] && profile saves
	"${LOAD[@]}" -phases saves | tee "$OUT/load-saves-$1.txt" >&2
	if [ -n "$PROFILE_PID" ]; then wait "$PROFILE_PID"; PROFILE_PID=; fi
}

# Answer texts in five languages of 1,500 to 1,800 bytes, about the mean
# (1,650) of vaconsult-load's 300 to 3,000 bytes.
P='We were asked once to fill in a survey, but nobody came back to tell us what it showed. Le centre de réadaptation est à quatre heures de route et le billet de bus coûte une semaine de revenus. Nuestra asociación recoge las cifras cada trimestre y las envía a la autoridad nacional. يقع مركز إعادة التأهيل على بعد أربع ساعات بالطريق، وتكلفة الحافلة تعادل دخل أسبوع. សមាគមរបស់យើងប្រមូលតួលេខរៀងរាល់ត្រីមាស ហើយផ្ញើទៅអាជ្ញាធរជាតិ។ '
T1="$P$P${P:0:330}"
T2="${P:0:250}$P$P"
T3="$P${P:60}$P"
TEXT_BYTES=$((($(printf %s "$T1" | wc -c) + $(printf %s "$T2" | wc -c) + $(printf %s "$T3" | wc -c)) / 3))

# pgbench_saves ROUND: the same SQL through pgbench, CLIENTS clients, under
# vaconsult-load -watch, which adds the CPU time pgbench, the database's
# backends and the machine used.
pgbench_saves() {
	log "round $1/$ROUNDS: pgbench, ${DURATION}s, $CLIENTS clients, same SQL (texts of $TEXT_BYTES bytes on average)"
	rm -f "$OUT/pgbench-latency-$1".*
	"$BIN/vaconsult-load" -watch -pg-db "$DB" -- "${PGBENCH[@]}" -l --log-prefix="$OUT/pgbench-latency-$1" >"$OUT/pgbench-$1.txt" 2>&1 ||
		{ cat "$OUT/pgbench-$1.txt" >&2; exit 1; }
	cat "$OUT/pgbench-$1.txt" >&2
}

# pgcpu ROUND KEY: CPU ms per pgbench transaction, from a -watch figure.
pgcpu() {
	awk -v key="$2" -F '[=:] *' '$1 == key { cpu = $2 } /^number of transactions actually processed/ { n = $2 }
		END { printf "%.3f", cpu / n }' "$OUT/pgbench-$1.txt"
}

# pglatency ROUND: p50 / p90 / p99 of pgbench's transactions in ms, from
# its per-transaction logs (the third field is the latency in µs).
pglatency() {
	cat "$OUT/pgbench-latency-$1".* | awk '{ print $3 }' | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) printf "%.2f / %.2f / %.2f", v[int(NR * .5) + 1] / 1000, v[int(NR * .9) + 1] / 1000, v[int(NR * .99) + 1] / 1000 }'
}

# tps ROUND: pgbench's transactions per second.
tps() { sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/pgbench-$1.txt" | xargs printf '%.1f'; }

# ratio ROUND: HTTP saves/s as a percentage of pgbench's tps.
ratio() { awk -v h="$(kv "$OUT/load-saves-$1.txt" saves_per_s)" -v p="$(tps "$1")" 'BEGIN { printf "%.0f", 100 * h / p }'; }

for r in $(seq "$ROUNDS"); do
	http_saves "$r"
	if [ "$r" = 1 ]; then
		read -r CID QSID Q1 Q2 Q3 < <(psql -X -q -v ON_ERROR_STOP=1 -At -F ' ' -v nresp="$CLIENTS" \
			-v slug=va-impact-2012 -f bench/setup.sql "$DBURL")
		PGBENCH=(pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$DURATION" -f bench/pgbench-save.sql
			-D clients="$CLIENTS" -D nresp="$CLIENTS" -D cid="$CID" -D qsid="$QSID" -D lang=en
			-D ids1="{$Q2}" -D choices1="{NULL}" -D texts1="{\"$T1\"}"
			-D ids2="{$Q1,$Q3}" -D choices2="{partly,some_difference}" -D texts2="{\"$T2\",\"$T3\"}"
			-D ids3="{$Q1,$Q2,$Q3}" -D choices3="{no,NULL,dont_know}" -D texts3="{\"$T3\",\"$T1\",\"$T2\"}"
			"$DBURL")
	fi
	pgbench_saves "$r"
done

log "complete submissions (form read + save + submit): ${DURATION}s at $CLIENTS concurrent respondents"
profile submissions
"${LOAD[@]}" -phases submissions | tee "$OUT/load-submissions.txt" >&2
if [ -n "$PROFILE_PID" ]; then wait "$PROFILE_PID"; PROFILE_PID=; fi

# --- report -------------------------------------------------------------------------
# other ROUND: the larger share of the CPUs that other work took during the
# round's HTTP phase or its pgbench phase.
other() {
	local h p
	h=$(kv "$OUT/load-saves-$1.txt" other_busy_pct_saves)
	p=$(kv "$OUT/pgbench-$1.txt" watch_other_busy_pct)
	echo $((h > p ? h : p))
}
# The quietest round stands for all.
M=$(for r in $(seq "$ROUNDS"); do echo "$(other "$r") $r"; done | sort -n | awk 'NR == 1 { print $2 }')
S="$OUT/load-saves-$M.txt"
U="$OUT/load-submissions.txt"
RATIO=$(ratio "$M")
CPU_SUB=$(kv "$U" server_db_cpu_ms_per_submission)
# cpu_ratio ROUND: the HTTP/pgbench ratio a CPU-bound machine allows, from
# the CPU each side costs per save: unlike the rates, other work on the
# machine barely moves it.
cpu_ratio() {
	awk -v s="$(kv "$OUT/load-saves-$1.txt" server_cpu_ms_per_save)" -v d="$(kv "$OUT/load-saves-$1.txt" db_cpu_ms_per_save)" \
		-v l="$(kv "$OUT/load-saves-$1.txt" load_cpu_ms_per_save)" -v pd="$(pgcpu "$1" watch_db_cpu_ms)" \
		-v pc="$(pgcpu "$1" watch_cmd_cpu_ms)" 'BEGIN { printf "%.0f", 100 * (pd + pc) / (s + d + l) }'
}
# show ARGS: a command as it can be pasted, with $BIN for the build folder.
show() {
	local out
	out=$(printf '%q ' "$@")
	printf '%s\n' "${out//$BIN/\$BIN}"
}
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v < t; print ok ? "met" : "missed" }'; }
ROUND_NOTE=
[ "$ROUNDS" -gt 1 ] && ROUND_NOTE=" (round $M of $ROUNDS, the one least disturbed by other work)"

cat <<EOF

## vaconsult save path: $(date -u +%Y-%m-%d), $(nproc) cores, $(go version | cut -d' ' -f3), PostgreSQL $(psql -X -At "$DBURL" -c 'SHOW server_version' | cut -d' ' -f1)$ROUND_NOTE

| figure | value | target |
|---|---:|---|
| HTTP draft saves/s, $CLIENTS concurrent respondents | $(kv "$S" saves_per_s) | |
| HTTP save latency p50 / p90 / p99 | $(kv "$S" save_p50_ms) / $(kv "$S" save_p90_ms) / $(kv "$S" save_p99_ms) ms | |
| HTTP save errors | $(kv "$S" save_errors) | |
| pgbench tps, same SQL, $CLIENTS clients | $(tps "$M") | |
| pgbench transaction latency p50 / p90 / p99 | $(pglatency "$M") ms | |
| HTTP / pgbench | $RATIO% | ≥ 75%: $(verdict "$RATIO" 75 ">=") |
| complete submissions/s (form read + save + submit) | $(kv "$U" submissions_per_s) | |
| CPU per complete submission: server + PostgreSQL backends | $CPU_SUB ms | < 3 ms: $(verdict "$CPU_SUB" 3 "<") |
| CPU per HTTP save: server / PostgreSQL backends / load tool (whole machine) | $(kv "$S" server_cpu_ms_per_save) / $(kv "$S" db_cpu_ms_per_save) / $(kv "$S" load_cpu_ms_per_save) ($(kv "$S" machine_cpu_ms_per_save)) ms | |
| CPU per pgbench transaction: PostgreSQL backends / pgbench (whole machine) | $(pgcpu "$M" watch_db_cpu_ms) / $(pgcpu "$M" watch_cmd_cpu_ms) ($(pgcpu "$M" watch_machine_cpu_ms)) ms | |
| ratio the CPU costs allow: (backends + pgbench) / (server + backends + load tool) | $(cpu_ratio "$M")% | |
| other work on the machine during HTTP saves / pgbench / submissions, % of all CPUs | $(kv "$S" other_busy_pct_saves)% / $(kv "$OUT/pgbench-$M.txt" watch_other_busy_pct)% / $(kv "$U" other_busy_pct_submissions)% | small, for sound figures |
EOF
if [ "$ROUNDS" -gt 1 ]; then
	printf '\n| round | HTTP saves/s | pgbench tps | ratio | ratio the CPU costs allow | p99 HTTP / pgbench | other work during HTTP / pgbench |\n|---:|---:|---:|---:|---:|---:|---|\n'
	for r in $(seq "$ROUNDS"); do
		printf '| %s | %s | %s | %s%% | %s%% | %s / %s ms | %s%% / %s%% |\n' "$r" "$(kv "$OUT/load-saves-$r.txt" saves_per_s)" "$(tps "$r")" \
			"$(ratio "$r")" "$(cpu_ratio "$r")" "$(kv "$OUT/load-saves-$r.txt" save_p99_ms)" "$(pglatency "$r" | awk -F' / ' '{ print $3 }')" \
			"$(kv "$OUT/load-saves-$r.txt" other_busy_pct_saves)" "$(kv "$OUT/pgbench-$r.txt" watch_other_busy_pct)"
	done
fi
cat <<EOF

Commands (\`\$BIN\` is a temporary build folder):

\`\`\`
DATABASE_URL='$DBURL' LISTEN_ADDR=127.0.0.1:$PORT${POOL_MAX_CONNS:+ POOL_MAX_CONNS=$POOL_MAX_CONNS} ${SERVER_BIN/#$BIN/\$BIN}
$(show "${LOAD[@]}" -phases saves)
psql -X -q -At -F ' ' -v nresp=$CLIENTS -v slug=va-impact-2012 -f bench/setup.sql '$DBURL'   # → $CID $QSID $Q1 $Q2 $Q3
$(show "$BIN/vaconsult-load" -watch -pg-db "$DB" -- "${PGBENCH[@]:0:22}")-D ids1={$Q2} -D texts1=... (1 to 3 answers: see bench/run.sh) '$DBURL'
$(show "${LOAD[@]}" -phases submissions)
\`\`\`

Raw outputs: $OUT
EOF
if [ -n "$PROFILE" ]; then
	for p in saves submissions; do
		[ -s "$OUT/$p.pprof" ] || continue
		printf '\nServer CPU profile, %s phase (go tool pprof -top -cum, store and api):\n```\n' "$p"
		go tool pprof -top -cum -nodecount=400 "$OUT/$p.pprof" 2>/dev/null |
			grep -E 'Duration:|flat%|vaconsult/(api|store)|Syscall6$|gcBgMarkWorker$|runtime.schedule$' | awk 'NR <= 30'
		echo '```'
	done
fi
