#!/usr/bin/env bash
# Summary, dashboard and export benchmark at scale: for each size, fills a
# fresh database with generated responses, then measures the summary (both
# variants), the dashboard, every export format and variant (time and peak
# memory), and PostgreSQL's own COPY of the query the exports run, in the
# same run. Prints a Markdown table per size, an overview and the commands.
#
#   bash bench/export/run.sh                                  # 100,000 responses
#   bash bench/export/run.sh 10000 100000                     # the sizes given
#   RESPONSES=20000 REPEAT=1 bash bench/export/run.sh
#   SIZES="10000 100000 1000000" bash bench/export/run.sh
#   SIZES=1000000 REPEAT=1 FORMATS="csv xlsx" bash bench/export/run.sh
#
# It drops and recreates the database $DB (default vaconsult_export_bench)
# on the server at $PG (default postgres://postgres@127.0.0.1:5432) for each
# size, and leaves the last one in place.
set -euo pipefail
cd "$(dirname "$0")/../.."

PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=${DB:-vaconsult_export_bench}
SIZES=${*:-${SIZES:-${RESPONSES:-100000}}}
REPEAT=${REPEAT:-3}                  # each figure is the best of REPEAT runs
FORMATS=${FORMATS:-csv xlsx json html} # export formats to measure
URL="$PG/$DB?sslmode=disable"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time for peak memory" >&2
	apt-get install -y time >/dev/null
fi

echo "building" >&2
go build -o "$WORK/vaconsult" ./cmd/vaconsult
go build -o "$WORK/vaconsult-gen" ./cmd/vaconsult-gen
go build -o "$WORK/probe" ./bench/export/probe

# measure CMD...: runs CMD REPEAT times under GNU time; prints the best
# elapsed seconds and the highest peak RSS in MiB.
measure() {
	local best="" peak=0
	for _ in $(seq "$REPEAT"); do
		/usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; exit 1; }
		read -r secs kib <"$WORK/time"
		if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
		if [ "$kib" -gt "$peak" ]; then peak=$kib; fi
	done
	echo "$best $((peak / 1024))"
}

# probe_peak CMD...: runs a probe under GNU time; prints its output (best
# and median seconds) followed by its peak RSS in MiB.
probe_peak() {
	/usr/bin/time -f "%M" -o "$WORK/time" "$@" >"$WORK/probe.out"
	echo "$(cat "$WORK/probe.out") $(($(cat "$WORK/time") / 1024))"
}

OVERVIEW=""

# bench_size N: fills the database with N responses and measures; prints
# the size's section and adds its line to OVERVIEW.
bench_size() {
	local responses=$1 gen_start gen_secs
	echo "database $DB with $responses responses" >&2
	psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
	gen_start=$(date +%s)
	"$WORK/vaconsult-gen" --database-url "$URL" --responses "$responses" >&2
	gen_secs=$(($(date +%s) - gen_start))
	local answers text dbsize
	answers=$(psql "$URL" -Atc "SELECT count(*) FROM submitted_answers")
	text=$(psql "$URL" -Atc "SELECT pg_size_pretty(sum(octet_length(text))) FROM submitted_answers")
	dbsize=$(psql "$URL" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")

	# Warm the cache once, so that the first measurement does not pay for it.
	"$WORK/probe" copy-sql --database-url "$URL" --variant internal >"$WORK/copy-internal.sql"
	"$WORK/probe" copy-sql --database-url "$URL" --variant public >"$WORK/copy-public.sql"
	psql "$URL" -q -f "$WORK/copy-internal.sql" >/dev/null

	local runs=$((REPEAT * 3)) sum_i sum_p dash full_i full_p
	echo "summary and dashboard" >&2
	sum_i=$(probe_peak "$WORK/probe" summary --variant internal --database-url "$URL" --runs "$runs")
	sum_p=$(probe_peak "$WORK/probe" summary --variant public --database-url "$URL" --runs "$runs")
	# The same summary recounted from every answer: the earlier query.
	full_i=$(probe_peak "$WORK/probe" summary --full --variant internal --database-url "$URL" --runs "$runs")
	full_p=$(probe_peak "$WORK/probe" summary --full --variant public --database-url "$URL" --runs "$runs")
	dash=$(probe_peak "$WORK/probe" dashboard --database-url "$URL" --runs "$runs")

	declare -A secs mib bytes
	local v f ratio
	for v in public internal; do
		echo "COPY $v" >&2
		read -r secs[copy-$v] mib[copy-$v] < <(measure psql "$URL" -q -f "$WORK/copy-$v.sql")
		psql "$URL" -q -f "$WORK/copy-$v.sql" >"$WORK/copy.out"
		bytes[copy-$v]=$(stat -c %s "$WORK/copy.out")
		rm -f "$WORK/copy.out"
		for f in $FORMATS; do
			echo "export $f $v" >&2
			read -r secs[$f-$v] mib[$f-$v] < <(measure env DATABASE_URL="$URL" "$WORK/vaconsult" export \
				--consultation va-impact-2012 --format "$f" --variant "$v" --out "$WORK/export.$f")
			bytes[$f-$v]=$(stat -c %s "$WORK/export.$f")
			rm -f "$WORK/export.$f"
		done
	done

	read -r si_best si_med si_mib <<<"$sum_i"
	read -r sp_best sp_med sp_mib <<<"$sum_p"
	read -r d_best d_med d_mib <<<"$dash"
	read -r fi_best fi_med fi_mib <<<"$full_i"
	read -r fp_best fp_med fp_mib <<<"$full_p"
	cat <<EOT

## At $responses responses

$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(psql "$URL" -Atc 'SHOW server_version'),
$answers submitted answers ($text of answer text, database $dbsize), generated in ${gen_secs} s.
Best of $REPEAT runs (summary and dashboard: best and median of $runs).
Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows every figure alike).

| what | time (s), best | median | peak RSS (MiB) |
|---|---:|---:|---:|
| \`store.Summary\` (internal) | $si_best | $si_med | $si_mib |
| \`store.PublicSummary\` | $sp_best | $sp_med | $sp_mib |
| \`store.Dashboard\` (first page) | $d_best | $d_med | $d_mib |
| \`store.FullSummary\` (internal, recount: the earlier query) | $fi_best | $fi_med | $fi_mib |
| \`store.FullSummary\` (public, recount) | $fp_best | $fp_med | $fp_mib |

| what | variant | time (s) | peak RSS (MiB) | output (MB) | vs COPY |
|---|---|---:|---:|---:|---:|
EOT
	for v in public internal; do
		printf '| PostgreSQL COPY (same query, CSV) | %s | %s | (psql) %s | %s | 1.00 |\n' "$v" "${secs[copy-$v]}" "${mib[copy-$v]}" \
			"$((bytes[copy-$v] / 1000000))"
		for f in $FORMATS; do
			ratio=$(awk "BEGIN{printf \"%.2f\", ${secs[copy-$v]} / ${secs[$f-$v]}}")
			printf '| vaconsult export --format %s | %s | %s | %s | %s | %s |\n' "$f" "$v" "${secs[$f-$v]}" "${mib[$f-$v]}" \
				"$((bytes[$f-$v] / 1000000))" "$ratio"
		done
	done
	local csv="${secs[csv-public]:--} / ${secs[csv-internal]:--}" xlsx="${secs[xlsx-public]:--} / ${secs[xlsx-internal]:--}"
	local peak=0
	for k in "${!mib[@]}"; do
		if [[ $k != copy-* ]] && [ "${mib[$k]}" -gt "$peak" ]; then peak=${mib[$k]}; fi
	done
	OVERVIEW+="| $responses | $si_best / $sp_best | $fi_best / $fp_best | $d_best | $csv | $xlsx | $peak | $d_mib | $(cut -d' ' -f1 /proc/loadavg) |"$'\n'
}

for n in $SIZES; do
	bench_size "$n"
done

cat <<EOT

## Overview

| responses | summary internal / public (s) | recount internal / public (s) | dashboard (s) | CSV public / internal (s) | XLSX public / internal (s) | exports' peak RSS (MiB) | dashboard's peak RSS (MiB) | load |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$OVERVIEW
"vs COPY" is COPY's time divided by the export's: above 0.50, the export
runs at more than half the speed of PostgreSQL's own COPY.

Commands (N the size, V public or internal, F a format):

    vaconsult-gen --database-url '$URL' --responses N
    probe summary --database-url '$URL' --variant V --runs $((REPEAT * 3))
    probe summary --full --database-url '$URL' --variant V --runs $((REPEAT * 3))
    probe dashboard --database-url '$URL' --runs $((REPEAT * 3))
    probe copy-sql --variant V > copy-V.sql   # one COPY (export query) TO STDOUT per question
    /usr/bin/time -f '%e %M' psql '$URL' -q -f copy-V.sql > /dev/null
    DATABASE_URL='$URL' /usr/bin/time -f '%e %M' vaconsult export --consultation va-impact-2012 --format F --variant V --out FILE
EOT
