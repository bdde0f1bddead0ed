#!/usr/bin/env python3
"""Prints markdown tables from the JMH JSON results of cluster-decision-cost.sh
(DecisionCostBenchmark's weir, cluster and bucket4jRedis methods).

Usage: cluster-decision-cost-table.py RESULT_DIR | RESULT.json ...

Given the directory that cluster-decision-cost.sh writes, it reads json/*.json and cases.tsv.
Times are per decision, in ns, after the ± JMH's 99.9% confidence half-width; the CPU column is
the benchmark process's CPU time per decision with its child processes (Redis) included. The
ratio table divides each cluster-scope limiter's time by the local limiter's of the same
algorithm (target ≤ 1.5), and gives how many times more decisions per second each thread makes
than Bucket4j over Redis (target ≥ 1,000 on one hot key, one thread), both on wall time from the
same run, CPU in brackets.
"""

import importlib.util
import os
import sys

spec = importlib.util.spec_from_file_location(
	"decision_cost_table", os.path.join(os.path.dirname(os.path.abspath(__file__)), "decision-cost-table.py"))
base = importlib.util.module_from_spec(spec)
spec.loader.exec_module(base)

COST_TARGET = 1.5
THROUGHPUT_TARGET = 1000

# (method, algorithm, members), label
CONTENDERS = [
	(("weir", "FIXED_WINDOW", None), "local fixed window"),
	(("cluster", "FIXED_WINDOW", "1"), "cluster fixed window, 1 member"),
	(("cluster", "FIXED_WINDOW", "3"), "cluster fixed window, 3 members"),
	(("weir", "SLIDING_WINDOW", None), "local sliding window"),
	(("cluster", "SLIDING_WINDOW", "3"), "cluster sliding window, 3 members"),
	(("bucket4jRedis", None, None), "Bucket4j over Redis"),
]

CLUSTER = [c for c in CONTENDERS if c[0][0] == "cluster"]


def contender_key(method, params):
	"""The key of a contender's results: (method, algorithm, members), with what does not apply None;
	local scope is the method weir (called local in a first version of the benchmark)."""
	method = "weir" if method == "local" else method
	return (method, params.get("algorithm") if method != "bucket4jRedis" else None,
			params.get("members") if method == "cluster" else None)


def table(results, metric, title, others=None, error=True):
	base.table(results, metric, title, others, error, CONTENDERS)


def ratios(results):
	print(f"Cluster scope ÷ local scope of the same algorithm (time per decision; target ≤ {COST_TARGET}), and "
			f"Bucket4j-over-Redis time ÷ cluster time (= how many times the throughput per thread; target ≥ "
			f"{THROUGHPUT_TARGET:,} on 1 key, 1 thread); wall (CPU):\n")
	print("| threads | keys | outcome | cluster limiter | ÷ local | vs local | × Bucket4j over Redis |")
	print("|---:|---:|---|---|---:|---|---:|")
	for case in base.cases(results):
		redis = results[case].get(("bucket4jRedis", None, None))
		for key, label in CLUSTER:
			cluster = results[case].get(key)
			if cluster is None:
				continue
			local = results[case].get(("weir", key[1], None))
			cost, verdict = "–", "–"
			if local is not None:
				value, spread = base.ratio(cluster[base.WALL], local[base.WALL])
				cost = f"{value:.2f} ± {spread:.2f}"
				if base.CPU in cluster and base.CPU in local:
					cost += f" ({base.ratio(cluster[base.CPU], local[base.CPU])[0]:.2f})"
				verdict = "met" if value <= COST_TARGET else "**missed**"
			speedup = "–"
			if redis is not None:
				speedup = f"{redis[base.WALL][0] / cluster[base.WALL][0]:,.0f}"
				if base.CPU in cluster and base.CPU in redis:
					speedup += f" ({redis[base.CPU][0] / cluster[base.CPU][0]:,.0f})"
			print(base.case_label(case) + f" {label.removeprefix('cluster ')} | {cost} | {verdict} | {speedup} |")
	print()


def main():
	if len(sys.argv) < 2:
		sys.exit(__doc__)
	results, others = base.read(sys.argv[1:], contender_key)
	table(results, base.CPU, "CPU time per decision, ns/op (lower is better), Redis server's included:", others)
	table(results, base.WALL, "Wall-clock time per decision (JMH's score), ns/op:")
	table(results, base.ALLOC, "Bytes allocated per decision in the benchmark JVM (gc.alloc.rate.norm):", error=False)
	ratios(results)


if __name__ == "__main__":
	main()
