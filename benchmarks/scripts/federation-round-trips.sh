#!/usr/bin/env bash
# The federation round-trip sweep in real time (dev.weir.benchmarks.federation.realtime.RealTimeRoundTrips):
# K = 3 regions as three FederatedRateLimiters wired as the Spring starter wires them (batch 8,
# quiet give-back, prefetch pool), one in-memory coordinator on the system clock behind a round
# trip d ± 50 %, open-loop Poisson arrivals (L = 1,000, W = 1 s, s = 0.5) on platform threads.
# Rows d = 2/50/150 ms × 1×/3× × prefetch on/off, plus the batch sized to the round trip at 3×.
# Prints a Markdown table, the seed, the JVM and the load average at start and end. About
# 23 s a row, 14 rows: 5.5 minutes on a 2-core machine after the build.
#
# Usage: benchmarks/scripts/federation-round-trips.sh [measured windows [seed [round trips]]]
#   e.g. benchmarks/scripts/federation-round-trips.sh 20 42 50,150
#   SKIP_BUILD  1 to reuse benchmarks/target/benchmarks.jar
#   OUT         where to keep the output (default benchmarks/target/results/federation-round-trips-<UTC time>.md)
set -euo pipefail

cd "$(dirname "$0")/../.."
OUT=${OUT:-benchmarks/target/results/federation-round-trips-$(date -u +%Y%m%dT%H%M%SZ).md}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	./mvnw -q -pl core,autoconfigure,benchmarks -am package -DskipTests
fi
mkdir -p "$(dirname "$OUT")"
{
	echo "Run at $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD), $(nproc) CPUs"
	echo
	java -Dslf4j.internal.verbosity=ERROR -cp benchmarks/target/benchmarks.jar \
		dev.weir.benchmarks.federation.realtime.RealTimeRoundTrips "$@"
} | tee "$OUT"
echo "Kept in $OUT" >&2
