#!/usr/bin/env bash
# Summary and export benchmark at scale: fills a fresh database with
# generated responses, then measures the summary, every export format and
# variant (time and peak memory), and PostgreSQL's own COPY of the query the
# exports run, in the same run. Prints a Markdown table and the commands.
#
#   bash bench/export/run.sh                     # 100,000 responses
#   RESPONSES=20000 REPEAT=1 bash bench/export/run.sh
#
# It drops and recreates the database $DB (default vaconsult_export_bench)
# on the server at $PG (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/../.."

PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=${DB:-vaconsult_export_bench}
RESPONSES=${RESPONSES:-100000}
REPEAT=${REPEAT:-3} # each figure is the best of REPEAT runs
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

echo "database $DB with $RESPONSES responses" >&2
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
"$WORK/vaconsult-gen" --database-url "$URL" --responses "$RESPONSES" >&2
ANSWERS=$(psql "$URL" -Atc "SELECT count(*) FROM submitted_answers")
TEXT=$(psql "$URL" -Atc "SELECT pg_size_pretty(sum(octet_length(text))) FROM submitted_answers")

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

# Warm the cache once, so that the first measurement does not pay for it.
"$WORK/probe" copy-sql --database-url "$URL" --variant internal >"$WORK/copy-internal.sql"
"$WORK/probe" copy-sql --database-url "$URL" --variant public >"$WORK/copy-public.sql"
psql "$URL" -q -f "$WORK/copy-internal.sql" >/dev/null

read -r sum_best sum_median < <("$WORK/probe" summary --database-url "$URL" --runs $((REPEAT * 3)))

declare -A secs mib bytes
for v in public internal; do
	read -r secs[copy-$v] mib[copy-$v] < <(measure psql "$URL" -q -f "$WORK/copy-$v.sql")
	psql "$URL" -q -f "$WORK/copy-$v.sql" >"$WORK/copy.out"
	bytes[copy-$v]=$(stat -c %s "$WORK/copy.out")
	for f in csv xlsx json html; do
		echo "export $f $v" >&2
		read -r secs[$f-$v] mib[$f-$v] < <(measure env DATABASE_URL="$URL" "$WORK/vaconsult" export \
			--consultation va-impact-2012 --format "$f" --variant "$v" --out "$WORK/export.$f")
		bytes[$f-$v]=$(stat -c %s "$WORK/export.$f")
	done
done

cat <<EOT

## Summary and exports at $RESPONSES responses

$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(psql "$URL" -Atc 'SHOW server_version'),
$ANSWERS submitted answers ($TEXT of answer text). Best of $REPEAT runs.
Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows every figure alike).

Summary (\`store.Summary\`, all in SQL): best ${sum_best} s, median ${sum_median} s.

| what | variant | time (s) | peak RSS (MiB) | output (MB) | vs COPY |
|---|---|---:|---:|---:|---:|
EOT
for v in public internal; do
	printf '| PostgreSQL COPY (same query, CSV) | %s | %s | (psql) %s | %s | 1.00 |\n' "$v" "${secs[copy-$v]}" "${mib[copy-$v]}" \
		"$((bytes[copy-$v] / 1000000))"
	for f in csv xlsx json html; do
		ratio=$(awk "BEGIN{printf \"%.2f\", ${secs[copy-$v]} / ${secs[$f-$v]}}")
		printf '| vaconsult export --format %s | %s | %s | %s | %s | %s |\n' "$f" "$v" "${secs[$f-$v]}" "${mib[$f-$v]}" \
			"$((bytes[$f-$v] / 1000000))" "$ratio"
	done
done
cat <<EOT

"vs COPY" is COPY's time divided by the export's: above 0.50, the export
runs at more than half the speed of PostgreSQL's own COPY.

Commands:

    vaconsult-gen --database-url '$URL' --responses $RESPONSES
    probe summary --database-url '$URL' --runs $((REPEAT * 3))
    probe copy-sql --variant V > copy-V.sql   # one COPY (export query) TO STDOUT per question
    /usr/bin/time -f '%e %M' psql '$URL' -q -f copy-V.sql > /dev/null
    DATABASE_URL='$URL' /usr/bin/time -f '%e %M' vaconsult export --consultation va-impact-2012 --format F --variant V --out FILE
EOT
