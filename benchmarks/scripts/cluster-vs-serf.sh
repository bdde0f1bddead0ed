#!/usr/bin/env bash
# Weir's cluster layer side by side with serf, in one run on loopback: for N nodes of each
# (N = 5 and 10 by default), one after the other so that they do not compete,
#   - the time a user event takes to reach all N nodes: from its delivery on the sending node to
#     its delivery on the last one, median and maximum over EVENTS events;
#   - resident memory (VmRSS) per node, and for Weir the Java heap in use;
#   - CPU at idle: the CPU time every node took during IDLE seconds of a converged, quiet
#     cluster, as a percentage of one core, averaged over the nodes.
# Both sides gossip with memberlist's LAN profile (serf's default: gossip every 200 ms, probe
# every second) and the same retransmit rule, so the event times measure the implementations,
# not different settings.
#
# Serf nodes are `serf agent` processes; an event is sent with `serf event -coalesce=false` and
# each agent's user-event handler (a shell script) writes the delivery time. Weir nodes are JVMs
# running dev.weir.benchmarks.ClusterNodeMain, which prints the delivery time from its listener;
# an event is sent by writing to the first node's standard input. A handler is a fork and exec
# of /bin/sh on every node, the sender included: the start of the measurement pays it as well as
# the end, so it cancels out on average but widens serf's spread.
#
# Usage: benchmarks/scripts/cluster-vs-serf.sh
#   SIZES      cluster sizes (default "5 10")
#   EVENTS     events per size and side (default 10), sent GAP seconds apart (default 2)
#   IDLE       seconds of idle CPU measurement (default 30)
#   JAVA_OPTS  JVM options of each Weir node (default -Xmx64m -XX:+UseSerialGC -Xss512k)
#   PORT_BASE  first gossip port (default 27000); serf's RPC ports start at PORT_BASE + 500
#   OUT        result directory (default benchmarks/target/results/cluster-vs-serf-<UTC time>)
#   SKIP_BUILD 1 to reuse benchmarks/target/benchmarks.jar
set -euo pipefail

SCRIPTS=$(cd "$(dirname "$0")" && pwd)
cd "$SCRIPTS/../.."
SIZES=${SIZES:-"5 10"}
EVENTS=${EVENTS:-10}
GAP=${GAP:-2}
IDLE=${IDLE:-30}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx64m -XX:+UseSerialGC -Xss512k"}
PORT_BASE=${PORT_BASE:-27000}
OUT=${OUT:-benchmarks/target/results/cluster-vs-serf-$(date -u +%Y%m%dT%H%M%SZ)}
JAR=benchmarks/target/benchmarks.jar
TICKS=$(getconf CLK_TCK)

command -v serf > /dev/null || { echo "serf is needed: apt-get install -y serf" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
# shellcheck source=background.sh
. "$SCRIPTS/background.sh"

cpu_ticks() { # utime + stime of a process, in clock ticks
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

rss_kib() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

now_micros() {
	date +%s%6N
}

# The machine is shared: record what else ran, to judge the noise.
load_line() {
	echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
}

cat > "$OUT/serf-handler.sh" << EOF
#!/bin/sh
printf '%s %s\n' "\$SERF_USER_EVENT" "\$(date +%s%6N)" >> "$OUT/events-\$SERF_SELF_NAME.txt"
EOF
chmod +x "$OUT/serf-handler.sh"

serf_converged() { # every agent lists n alive members
	local n=$1 i
	for ((i = 0; i < n; i++)); do
		[ "$(serf members -rpc-addr=127.0.0.1:$((PORT_BASE + 500 + i)) -status=alive 2> /dev/null | wc -l)" -eq "$n" ] || return 1
	done
}

weir_converged() { # every node last printed "alive n"
	local n=$1 i
	for ((i = 0; i < n; i++)); do
		[ "$(grep '^alive ' "$OUT/weir-$n-$i.out" 2> /dev/null | tail -1)" = "alive $n" ] || return 1
	done
}

converge_and_measure() { # converge_and_measure SIDE N PATIENCE PID...: then idle CPU and RSS
	local side=$1 n=$2 patience=$3
	shift 3
	await "$n $side nodes converged" "$patience" "${side}_converged" "$n"
	sleep 5
	load_line >> "$OUT/load.txt"
	measure_idle "$side" "$n" "$@"
}

measure_idle() { # measure_idle SIDE N PID...
	local side=$1 n=$2
	shift 2
	local before=() pid i=0
	for pid in "$@"; do before+=("$(cpu_ticks "$pid")"); done
	local start=$(now_micros)
	sleep "$IDLE"
	local elapsed=$(($(now_micros) - start))
	for pid in "$@"; do
		local used=$(($(cpu_ticks "$pid") - before[i]))
		echo "$side $n $i $used $TICKS $elapsed $(rss_kib "$pid")" >> "$OUT/idle.txt"
		i=$((i + 1))
	done
}

run_serf() {
	local n=$1 i pids=()
	rm -f "$OUT"/events-serf-*.txt
	for ((i = 0; i < n; i++)); do
		local join=()
		[ "$i" -gt 0 ] && join=(-join="127.0.0.1:$PORT_BASE")
		serf agent -node="serf-$i" -bind="127.0.0.1:$((PORT_BASE + i))" -rpc-addr="127.0.0.1:$((PORT_BASE + 500 + i))" \
			-event-handler="user=$OUT/serf-handler.sh" "${join[@]}" > "$OUT/serf-$n-$i.log" 2>&1 &
		pids+=($!)
		PIDS+=($!)
		if [ "$i" -eq 0 ]; then
			await "serf-0 RPC" 20 serf members -rpc-addr="127.0.0.1:$((PORT_BASE + 500))"
		fi
	done
	converge_and_measure serf "$n" 120 "${pids[@]}"
	for ((k = 1; k <= EVENTS; k++)); do
		serf event -rpc-addr="127.0.0.1:$((PORT_BASE + 500))" -coalesce=false "serf-$n-e$k" > /dev/null
		sleep "$GAP"
	done
	sleep 3
	for ((i = 0; i < n; i++)); do
		sed "s/^/serf $n $i /" "$OUT/events-serf-$i.txt" >> "$OUT/events.txt" 2> /dev/null || true
	done
	for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
	wait "${pids[@]}" 2> /dev/null || true
}

run_weir() {
	local n=$1 i pids=()
	rm -f "$OUT/weir-$n.in"
	mkfifo "$OUT/weir-$n.in"
	for ((i = 0; i < n; i++)); do
		local seeds=()
		[ "$i" -gt 0 ] && seeds=("$PORT_BASE")
		if [ "$i" -eq 0 ]; then
			# shellcheck disable=SC2086
			java $JAVA_OPTS -cp "$JAR" dev.weir.benchmarks.ClusterNodeMain "weir-$i" "$((PORT_BASE + i))" \
				< "$OUT/weir-$n.in" > "$OUT/weir-$n-$i.out" 2> "$OUT/weir-$n-$i.err" &
			pids+=($!)
			PIDS+=($!)
			exec 3> "$OUT/weir-$n.in"
			await "weir-0 up" 60 grep -q '^alive ' "$OUT/weir-$n-0.out"
		else
			# shellcheck disable=SC2086
			java $JAVA_OPTS -cp "$JAR" dev.weir.benchmarks.ClusterNodeMain "weir-$i" "$((PORT_BASE + i))" "${seeds[@]}" \
				< /dev/null > "$OUT/weir-$n-$i.out" 2> "$OUT/weir-$n-$i.err" &
			pids+=($!)
			PIDS+=($!)
		fi
	done
	converge_and_measure weir "$n" 180 "${pids[@]}"
	for ((k = 1; k <= EVENTS; k++)); do
		echo "event weir-$n-e$k" >&3
		sleep "$GAP"
	done
	sleep 3
	for ((i = 0; i < n; i++)); do
		grep '^event ' "$OUT/weir-$n-$i.out" | cut -d' ' -f2- | sed "s/^/weir $n $i /" >> "$OUT/events.txt"
		echo "weir $n $i $(grep '^heap ' "$OUT/weir-$n-$i.out" | tail -1 | cut -d' ' -f2-)" >> "$OUT/heap.txt"
	done
	exec 3>&-
	for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
	wait "${pids[@]}" 2> /dev/null || true
}

: > "$OUT/events.txt"
: > "$OUT/idle.txt"
: > "$OUT/heap.txt"
: > "$OUT/load.txt"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) CPUs, $(serf version | head -1), $(java -version 2>&1 | head -1)" > "$OUT/machine.txt"
for n in $SIZES; do
	echo "== $n serf agents" >&2
	run_serf "$n"
	echo "== $n Weir nodes" >&2
	run_weir "$n"
done
python3 "$SCRIPTS/cluster-vs-serf-table.py" "$OUT" | tee "$OUT/results.md"
