#!/usr/bin/env bash
# Measures the cost of one rate-limit decision in Weir, Bucket4j and Resilience4j with JMH
# (dev.weir.benchmarks.DecisionCostBenchmark) with one and with two benchmark threads, and
# prints each Weir algorithm's ratio to Bucket4j and Resilience4j from the same run.
#
# The suite runs as one JMH invocation per case and contender, the contenders of a case back to
# back, so that the times a ratio divides are taken a few minutes apart at most. On a small
# shared machine other processes are the largest source of error, so before each piece the
# script waits (up to QUIET_MAX_WAIT seconds) until the machine is idle and measures how much CPU
# other processes took while the piece ran. A case with a disturbed piece is run again, all its
# contenders (up to MAX_ATTEMPTS times), and the least disturbed attempt is kept. Run the script
# again with the same OUT to retry only the cases that stayed disturbed. Besides JMH's
# wall-clock score, each piece reports the process's CPU time per decision (CpuTimeProfiler),
# which other processes barely move.
#
# Usage: benchmarks/scripts/decision-cost.sh [extra JMH options]
#   JMH_OPTS        warm-up and measurement settings (default: sized for a 2-core machine)
#   THREADS         benchmark thread counts (default "1 2")
#   KEYS, OUTCOMES  workload parameters (default "1 10000" and "admit deny")
#   QUIET_BUSY      most CPU, in percent of the machine, that counts as idle (default 10)
#   QUIET_MAX_WAIT  longest wait for an idle machine before a piece, in seconds (default 120)
#   NOISY           share of the CPUs other processes may take during a piece before its case
#                   is run again, in percent (default 10)
#   MAX_ATTEMPTS    most attempts at one case per invocation (default 2)
#   OUT             result directory (default benchmarks/target/results/decision-cost-<UTC time>)
#   SKIP_BUILD      1 to reuse benchmarks/target/benchmarks.jar
#   BENCHMARK, CONTENDERS_LIST, TABLE, NAME
#                   another benchmark class, its contenders (one "name method [JMH -p options]" a
#                   line), the script that prints its table, and the result directory's prefix:
#                   for scripts such as cluster-decision-cost.sh that run this one
# Writes attempts/* (each attempt's JMH JSON, log and times), json/*.json (the kept attempts),
# pieces.tsv (timing and interference of every piece), cases.tsv (the kept attempt of each case),
# machine.txt and table.md into OUT.
set -euo pipefail

cd "$(dirname "$0")/../.."
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -w 2s -i 5 -r 2s"}
THREADS=${THREADS:-"1 2"}
KEYS=${KEYS:-"1 10000"}
OUTCOMES=${OUTCOMES:-"admit deny"}
QUIET_BUSY=${QUIET_BUSY:-10}
QUIET_MAX_WAIT=${QUIET_MAX_WAIT:-120}
NOISY=${NOISY:-10}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-2}
BENCHMARK=${BENCHMARK:-DecisionCostBenchmark}
TABLE=${TABLE:-benchmarks/scripts/decision-cost-table.py}
NAME=${NAME:-decision-cost}
OUT=${OUT:-benchmarks/target/results/$NAME-$(date -u +%Y%m%dT%H%M%SZ)}
CPUS=$(nproc)
TICKS=$(getconf CLK_TCK)

# name, benchmark method, extra JMH parameters
CONTENDERS=(
	"weir-fixed-window weir -p algorithm=FIXED_WINDOW"
	"weir-sliding-window weir -p algorithm=SLIDING_WINDOW"
	"weir-token-bucket weir -p algorithm=TOKEN_BUCKET"
	"bucket4j-try-consume bucket4jTryConsume"
	"bucket4j-try-consume-and-return-remaining bucket4jTryConsumeAndReturnRemaining"
	"resilience4j-acquire-permission resilience4jAcquirePermission"
)
if [ -n "${CONTENDERS_LIST:-}" ]; then
	mapfile -t CONTENDERS <<< "$CONTENDERS_LIST"
fi
read -r FIRST_CONTENDER _ <<< "${CONTENDERS[0]}"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$OUT/json" "$OUT/attempts"
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "cpus: $CPUS ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
	echo "java: $(java -version 2>&1 | tr '\n' ' ')"
	echo "jmh options: $JMH_OPTS $*"
	echo "load before: $(uptime)"
} >> "$OUT/machine.txt"

# Prints the busy and total CPU ticks of the whole machine since boot.
cpu_ticks() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
}

# Prints the machine's busy share over three seconds, in percent.
busy_percent() {
	local b1 t1 b2 t2
	read -r b1 t1 < <(cpu_ticks)
	sleep 3
	read -r b2 t2 < <(cpu_ticks)
	echo $(((b2 - b1) * 100 / (t2 - t1 + 1)))
}

# Waits until the machine is idle or QUIET_MAX_WAIT has passed; prints the wait and the last
# busy share.
wait_quiet() {
	local start=$SECONDS busy
	busy=$(busy_percent)
	while [ "$busy" -gt "$QUIET_BUSY" ] && [ $((SECONDS - start)) -lt "$QUIET_MAX_WAIT" ]; do
		sleep 5
		busy=$(busy_percent)
	done
	echo "$((SECONDS - start)) $busy"
}

# Runs one piece; prints "elapsed own_cpu others_pct" with others_pct what the rest of the machine
# used meanwhile: all busy time less this piece's own processes, as a share of every CPU over
# the piece's wall time.
run_piece() {
	local threads=$1 keys=$2 outcome=$3 method=$4 params=$5 base=$6
	shift 6
	local b1 b2 elapsed user sys
	read -r b1 _ < <(cpu_ticks)
	# -prof gc adds the bytes allocated per decision (gc.alloc.rate.norm), CpuTimeProfiler the
	# process's CPU time per decision (cpu.time.norm).
	# shellcheck disable=SC2086
	/usr/bin/time -f '%e %U %S' -o "$base.time" \
		java -jar benchmarks/target/benchmarks.jar $JMH_OPTS -t "$threads" -p keys="$keys" -p outcome="$outcome" \
		$params -prof gc -prof dev.weir.benchmarks.CpuTimeProfiler -rf json -rff "$base.json" "$@" \
		"$BENCHMARK\.$method\$" > "$base.log"
	read -r b2 _ < <(cpu_ticks)
	read -r elapsed user sys < "$base.time"
	awk -v b="$((b2 - b1))" -v hz="$TICKS" -v e="$elapsed" -v u="$user" -v s="$sys" -v n="$CPUS" \
		'BEGIN { o = b / hz - u - s; if (o < 0) o = 0; printf "%.1f %.1f %.0f\n", e, u + s, 100 * o / (e * n) }'
}

# Runs one case (a thread count, key count and outcome): every contender back to back. Stops
# early, unless this is the last attempt, when other processes disturb a piece. Prints the most
# CPU other processes took during any piece, or 101 if the attempt was abandoned.
run_case() {
	local threads=$1 keys=$2 outcome=$3 attempt=$4 last=$5 case_name="t$threads-k$keys-$outcome"
	shift 5
	local worst=0 contender name method params waited busy elapsed own others score base
	for contender in "${CONTENDERS[@]}"; do
		read -r name method params <<< "$contender"
		read -r waited busy <<< "$(wait_quiet)"
		base="$OUT/attempts/$case_name-$attempt-$name"
		read -r elapsed own others <<< "$(run_piece "$threads" "$keys" "$outcome" "$method" "${params:-}" "$base" "$@")"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$threads" "$keys" "$outcome" "$attempt" "$name" \
			"$waited" "$busy" "$elapsed" "$own" "$others" >> "$OUT/pieces.tsv"
		wall=$(grep -m1 -E "^$BENCHMARK\\.[A-Za-z0-9]+ " "$base.log" | awk '{ print $(NF-3), $(NF-2), $(NF-1) }')
		cpu=$(grep -m1 -E ':cpu.time.norm ' "$base.log" | awk '{ print $(NF-3), $(NF-2), $(NF-1) }')
		echo "$case_name #$attempt $name: wall $wall, CPU $cpu ns/op (waited ${waited}s; others used $others% of the CPUs)" >&2
		[ "$others" -gt "$worst" ] && worst=$others
		if [ "$others" -gt "$NOISY" ] && [ "$last" != 1 ]; then
			echo 101
			return
		fi
	done
	echo "$worst"
}

[ -f "$OUT/pieces.tsv" ] || printf 'threads\tkeys\toutcome\tattempt\tcontender\twaited_s\tbusy_before_pct\telapsed_s\town_cpu_s\tothers_cpu_pct\n' \
	> "$OUT/pieces.tsv"
[ -f "$OUT/cases.tsv" ] || printf 'threads\tkeys\toutcome\tkept_attempt\tothers_cpu_pct\n' > "$OUT/cases.tsv"
for threads in $THREADS; do
	for keys in $KEYS; do
		for outcome in $OUTCOMES; do
			case_name="t$threads-k$keys-$outcome"
			# With an existing OUT, a case already measured undisturbed is kept and not run again.
			previous=$(awk -F'\t' -v t="$threads" -v k="$keys" -v o="$outcome" \
				'$1 == t && $2 == k && $3 == o { w = $5 } END { print (w == "" ? 101 : w) }' "$OUT/cases.tsv")
			if [ "$previous" -le "$NOISY" ]; then
				echo "$case_name: kept from an earlier run (others used $previous% of the CPUs)"
				continue
			fi
			first=$(($(ls "$OUT/attempts" | grep -c "^$case_name-[0-9]*-$FIRST_CONTENDER.json$" || true) + 1))
			best=""
			best_worst=$previous
			for attempt in $(seq "$first" $((first + MAX_ATTEMPTS - 1))); do
				last=0
				[ "$attempt" = $((first + MAX_ATTEMPTS - 1)) ] && last=1
				worst=$(run_case "$threads" "$keys" "$outcome" "$attempt" "$last" "$@")
				if [ "$worst" -lt "$best_worst" ]; then
					best=$attempt
					best_worst=$worst
				fi
				[ "$worst" -le "$NOISY" ] && break
			done
			if [ -n "$best" ]; then
				# Keep the attempt that other processes disturbed least, all its contenders together.
				for contender in "${CONTENDERS[@]}"; do
					read -r name _ <<< "$contender"
					cp "$OUT/attempts/$case_name-$best-$name.json" "$OUT/json/$case_name-$name.json"
				done
				printf '%s\t%s\t%s\t%s\t%s\n' "$threads" "$keys" "$outcome" "$best" "$best_worst" >> "$OUT/cases.tsv"
			fi
		done
	done
done

echo "load after: $(uptime)" >> "$OUT/machine.txt"
python3 "$TABLE" "$OUT" | tee "$OUT/table.md"
echo "Results in $OUT"
