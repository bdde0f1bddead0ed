#!/usr/bin/env bash
# Measures the cost of one decision of a cluster-scope limiter (ClusterRateLimiter, as one of 1
# and of 3 members) against a local one (RateLimiters.local) and against Bucket4j over a real
# Redis on loopback (the methods weir, cluster and bucket4jRedis of
# dev.weir.benchmarks.DecisionCostBenchmark), with one and with two
# benchmark threads, and prints the ratios from the same run.
#
# It runs decision-cost.sh with this benchmark's contenders, so it waits for a quiet machine,
# measures what other processes took, and re-runs disturbed cases in the same way; every option
# of that script applies. The defaults here are shorter, for a 2-core machine shared with other
# work: one fork, 2 warm-up and 3 measured iterations of 1 s, one attempt per case, and at most
# 20 s of waiting for quiet before a piece. Redis's CPU time counts in the CPU column (the
# server is a child of the benchmark JVM); the throughput ratio to Redis is on wall time.
#
# Usage: benchmarks/scripts/cluster-decision-cost.sh [extra JMH options]
set -euo pipefail

cd "$(dirname "$0")/../.."
export TABLE=benchmarks/scripts/cluster-decision-cost-table.py
export NAME=cluster-decision-cost
export JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 2 -w 1s -i 3 -r 1s"}
export MAX_ATTEMPTS=${MAX_ATTEMPTS:-1}
export QUIET_MAX_WAIT=${QUIET_MAX_WAIT:-20}
# name, benchmark method, extra JMH parameters (CONTENDERS_LIST set by the caller replaces them)
export CONTENDERS_LIST=${CONTENDERS_LIST:-"local-fixed-window weir -p algorithm=FIXED_WINDOW
cluster-1-fixed-window cluster -p algorithm=FIXED_WINDOW -p members=1
cluster-3-fixed-window cluster -p algorithm=FIXED_WINDOW -p members=3
local-sliding-window weir -p algorithm=SLIDING_WINDOW
cluster-3-sliding-window cluster -p algorithm=SLIDING_WINDOW -p members=3
bucket4j-redis bucket4jRedis"}
exec benchmarks/scripts/decision-cost.sh "$@"
