#!/usr/bin/env bash
# Measures what Weir's servlet filter costs an HTTP service: the sample app answers
# GET /api/demo under wrk load with Weir turned off, and with filter rules whose limits are
# so large that every request is admitted, so the filter decides and writes its RateLimit
# fields on every response but never denies.
#
#   off           --weir.enabled=false: no filter, no limiters, no cluster (the baseline)
#   demo-rule     one rule: /api/demo spends from the demo limiter, one shared key
#   demo-rule-no-headers  the same with weir.http.rate-limit-headers=false, to tell the cost of
#                 the RateLimit fields from that of the decision
#   sample-rules  the sample's own rules: the demo rule plus the per-client token bucket keyed
#                 by the SpEL expression #remoteAddress; both limits raised
# Both Weir configurations run without the cluster (WEIR_ARGS), so they differ from "off" by the
# filter and its in-memory limiters.
#
# All four run side by side on their own ports; the load visits them in turn, round after
# round (off, demo-rule, ..., sample-rules, off, ...), so that drift in the machine's speed falls on
# every configuration alike. As in decision-cost.sh, each run waits for an idle machine (up to
# QUIET_MAX_WAIT seconds), measures the CPU that other processes took meanwhile, and is repeated
# (up to MAX_ATTEMPTS in all) when that exceeds NOISY percent; the least disturbed attempt counts.
# Besides wrk's requests/s, each run records the loaded app's CPU time per request (from
# /proc/<pid>/stat), which other processes disturb less.
#
# Usage: benchmarks/scripts/filter-overhead.sh
#   ROUNDS      measured runs per configuration (default 3)
#   DURATION    length of each measured run (default 20s)
#   WARMUP      warm-up load per configuration before the first round (default 20s)
#   CONNECTIONS wrk connections (default 16); WRK_THREADS wrk threads (default 1)
#   JAVA_OPTS   JVM options of every app (default -Xms512m -Xmx512m)
#   WEIR_ARGS   further arguments of the two Weir configurations (default
#               --weir.cluster.enabled=false; --weir.cluster.bind-port=0 keeps a lone cluster node)
#   PORT_BASE   first port (default 18080)
#   QUIET_BUSY, QUIET_MAX_WAIT, NOISY, MAX_ATTEMPTS  as in decision-cost.sh (10, 120, 10, 2)
#   OUT         result directory (default benchmarks/target/results/filter-overhead-<UTC time>)
#   SKIP_BUILD  1 to reuse sample-app/target/weir-sample-app.jar
set -euo pipefail

cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-20s}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-1}
JAVA_OPTS=${JAVA_OPTS:-"-Xms512m -Xmx512m"}
WEIR_ARGS=${WEIR_ARGS:-"--weir.cluster.enabled=false"}
PORT_BASE=${PORT_BASE:-18080}
OUT=${OUT:-benchmarks/target/results/filter-overhead-$(date -u +%Y%m%dT%H%M%SZ)}
QUIET_BUSY=${QUIET_BUSY:-10}
QUIET_MAX_WAIT=${QUIET_MAX_WAIT:-120}
NOISY=${NOISY:-10}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-2}
JAR=sample-app/target/weir-sample-app.jar
CPUS=$(nproc)
TICKS=$(getconf CLK_TCK)

command -v wrk > /dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -pl sample-app -am package -DskipTests
fi
mkdir -p "$OUT"

# The cluster is left out so that the Weir configurations differ from "off" by the filter and its
# local limiters only (several instances on one host would also each need a gossip port).
NEVER_DENY="--weir.limits.demo.limit=2000000000 --weir.limits.demo.window=1h $WEIR_ARGS"
# A list given on the command line replaces the whole weir.rules list of application.yml.
DEMO_RULE="$NEVER_DENY --weir.rules[0].path=/api/demo --weir.rules[0].methods=GET --weir.rules[0].limiter=demo"
CONFIGS=(off demo-rule demo-rule-no-headers sample-rules)
declare -A ARGS=(
	[off]="--weir.enabled=false"
	[demo-rule]="$DEMO_RULE"
	[demo-rule-no-headers]="$DEMO_RULE --weir.http.rate-limit-headers=false"
	[sample-rules]="$NEVER_DENY --weir.limits.per-client.limit=2000000000 --weir.limits.per-client.window=1h"
)
# How many RateLimit-Policy fields a response must carry, to prove each app runs the rules meant.
declare -A POLICIES=([off]=0 [demo-rule]=1 [demo-rule-no-headers]=0 [sample-rules]=2)
declare -A PORTS PIDS

# Prints the busy and total CPU ticks of the whole machine since boot.
cpu_ticks() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat
}

# Prints the CPU ticks the given apps have used.
app_ticks() {
	local total=0 config
	for config in "$@"; do
		total=$((total + $(awk '{ print $14 + $15 }' "/proc/${PIDS[$config]}/stat")))
	done
	echo "$total"
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

# Loads one app with wrk into a file. Prints the share of the CPUs that processes other than
# wrk and the apps took meanwhile, in percent, and the loaded app's CPU time per request, in µs.
measure() {
	local config=$1 out=$2 b1 b2 a1 a2 s1 s2 elapsed user sys requests
	read -r b1 _ < <(cpu_ticks)
	a1=$(app_ticks "${CONFIGS[@]}")
	s1=$(app_ticks "$config")
	/usr/bin/time -f '%e %U %S' -o "$out.time" \
		wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:${PORTS[$config]}/api/demo" > "$out"
	s2=$(app_ticks "$config")
	a2=$(app_ticks "${CONFIGS[@]}")
	read -r b2 _ < <(cpu_ticks)
	read -r elapsed user sys < "$out.time"
	requests=$(awk '/requests in/ { print $1 }' "$out")
	awk -v b="$((b2 - b1))" -v a="$((a2 - a1))" -v s="$((s2 - s1))" -v hz="$TICKS" -v e="$elapsed" -v u="$user" \
		-v k="$sys" -v n="$CPUS" -v r="$requests" \
		'BEGIN { o = (b - a) / hz - u - k; if (o < 0) o = 0; printf "%.0f %.1f\n", 100 * o / (e * n), 1e6 * s / hz / r }'
}

stop_apps() {
	for config in "${!PIDS[@]}"; do
		kill "${PIDS[$config]}" 2> /dev/null || true
	done
	wait 2> /dev/null || true
}
trap stop_apps EXIT

{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "cpus: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
	echo "java: $(java -version 2>&1 | tr '\n' ' ')"
	echo "wrk: $(wrk -v 2>&1 | head -1)"
	echo "load: wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds, warm-up $WARMUP; JAVA_OPTS=$JAVA_OPTS; WEIR_ARGS=$WEIR_ARGS"
	echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core autoconfigure sample-app || echo " with uncommitted changes in core, autoconfigure or sample-app")"
	echo "load before: $(uptime)"
} > "$OUT/machine.txt"

port=$PORT_BASE
for config in "${CONFIGS[@]}"; do
	PORTS[$config]=$port
	# shellcheck disable=SC2086
	java $JAVA_OPTS -jar "$JAR" --server.port="$port" --spring.main.banner-mode=off ${ARGS[$config]} \
		> "$OUT/app-$config.log" 2>&1 &
	PIDS[$config]=$!
	echo "started $config on port $port (pid ${PIDS[$config]})"
	port=$((port + 1))
done

for config in "${CONFIGS[@]}"; do
	url="http://127.0.0.1:${PORTS[$config]}/api/demo"
	for _ in $(seq 1 120); do
		curl -fs -o /dev/null "$url" && break
		kill -0 "${PIDS[$config]}" 2> /dev/null || { echo "$config exited; see $OUT/app-$config.log" >&2; exit 1; }
		sleep 0.5
	done
	headers=$(curl -fsS -D - -o /dev/null "$url")
	found=$(grep -ci '^RateLimit-Policy:' <<< "$headers" || true)
	if [ "$found" != "${POLICIES[$config]}" ]; then
		echo "$config answered with $found RateLimit-Policy fields, not ${POLICIES[$config]}:" >&2
		echo "$headers" >&2
		exit 1
	fi
	echo "$config is up; RateLimit-Policy fields: $found"
	wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" > "$OUT/warmup-$config.txt"
done

mkdir -p "$OUT/attempts"
printf 'round\tconfiguration\tattempt\twaited_s\tbusy_before_pct\tothers_cpu_pct\trequests_per_s\tserver_cpu_us_per_request\tkept\n' \
	> "$OUT/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
	for config in "${CONFIGS[@]}"; do
		best=""
		best_others=101
		rows=()
		for attempt in $(seq 1 "$MAX_ATTEMPTS"); do
			read -r waited busy <<< "$(wait_quiet)"
			out="$OUT/attempts/round-$round-$config-$attempt.txt"
			read -r others cpu <<< "$(measure "$config" "$out")"
			rate=$(awk '/Requests\/sec/ { print $2 }' "$out")
			rows+=("$round	$config	$attempt	$waited	$busy	$others	$rate	$cpu")
			echo "round $round $config #$attempt: $rate requests/s, server CPU $cpu µs/request" \
				"(waited ${waited}s; others used $others% of the CPUs)"
			if [ "$others" -lt "$best_others" ]; then
				best=$attempt
				best_others=$others
			fi
			[ "$others" -le "$NOISY" ] && break
		done
		cp "$OUT/attempts/round-$round-$config-$best.txt" "$OUT/round-$round-$config.txt"
		for row in "${rows[@]}"; do
			kept=no
			[ "$(cut -f3 <<< "$row")" = "$best" ] && kept=yes
			printf '%s\t%s\n' "$row" "$kept" >> "$OUT/runs.tsv"
		done
	done
done

echo "load after: $(uptime)" >> "$OUT/machine.txt"
python3 benchmarks/scripts/filter-overhead-table.py "$OUT" | tee "$OUT/table.md"
echo "Results in $OUT"
