#!/usr/bin/env python3
"""Prints markdown tables from the JMH JSON results of DecisionCostBenchmark.

Usage: decision-cost-table.py RESULT_DIR | RESULT.json ...

Given the directory that decision-cost.sh writes, it reads json/*.json and cases.tsv; given
JMH JSON files, it reads just those.

Times are per decision, in ns, after the ± JMH's 99.9% confidence half-width. "Wall" is JMH's
own score; "CPU" is the benchmark process's CPU time per decision (CpuTimeProfiler). On an idle
machine they agree unless a contender sleeps: Resilience4j parks its thread for a moment after
a lost compare-and-set, which costs wall time but no CPU. When other processes take CPUs, the
wall time swings while the CPU time barely moves, so the CPU column is the cross-check for
disturbed cases. The ratio table divides each Weir algorithm's time by the other libraries'
times from the same run, wall first and CPU in brackets: below 1.00 Weir is faster. The issue's
target is a wall-time ratio of at most 1.5 to Bucket4j's tryConsume.
"""

import csv
import glob
import json
import math
import os
import sys

TARGET = 1.5

CONTENDERS = [
	("weir", "FIXED_WINDOW", "Weir fixed window"),
	("weir", "SLIDING_WINDOW", "Weir sliding window"),
	("weir", "TOKEN_BUCKET", "Weir token bucket"),
	("bucket4jTryConsume", None, "Bucket4j tryConsume"),
	("bucket4jTryConsumeAndReturnRemaining", None, "Bucket4j tryConsumeAndReturnRemaining"),
	("resilience4jAcquirePermission", None, "Resilience4j acquirePermission"),
]

BASELINES = [
	("bucket4jTryConsume", "Bucket4j tryConsume"),
	("bucket4jTryConsumeAndReturnRemaining", "Bucket4j …AndReturnRemaining"),
	("resilience4jAcquirePermission", "Resilience4j"),
]

CPU = "cpu.time.norm"
WALL = "wall"
ALLOC = "gc.alloc.rate.norm"


def number(value):
	# JMH writes "NaN" as a string when there is no confidence interval.
	value = float(value)
	return value


def contender_key(method, params):
	"""The key of a contender's results: its method and algorithm."""
	return (method, params.get("algorithm"))


def load(paths, key=contender_key):
	"""Returns {(threads, keys, outcome): {key(method, params): {metric: (score, error)}}}, by
	default keyed by (method, algorithm)."""
	results = {}
	for path in paths:
		with open(path) as f:
			for run in json.load(f):
				method = run["benchmark"].rsplit(".", 1)[1]
				params = run.get("params", {})
				case = (run["threads"], int(params["keys"]), params["outcome"])
				metrics = {WALL: run["primaryMetric"]}
				metrics.update(run.get("secondaryMetrics", {}))
				values = {}
				for name, metric in metrics.items():
					if name in (WALL, CPU, ALLOC):
						error = number(metric["scoreError"])
						values[name] = (number(metric["score"]), 0.0 if math.isnan(error) else error)
				if run["primaryMetric"]["scoreUnit"] != "ns/op":
					sys.exit(f"{path}: expected ns/op, got {run['primaryMetric']['scoreUnit']}")
				results.setdefault(case, {})[key(method, params)] = values
	return results


def load_disturbance(directory):
	"""Returns {(threads, keys, outcome): the most CPU other processes took while a contender of
	the case's kept attempt ran}, from cases.tsv (its last row for a case is the one kept)."""
	path = os.path.join(directory, "cases.tsv")
	others = {}
	if os.path.exists(path):
		with open(path) as f:
			for row in csv.DictReader(f, delimiter="\t"):
				others[(int(row["threads"]), int(row["keys"]), row["outcome"])] = int(row["others_cpu_pct"])
	return others


def cases(results):
	return sorted(results, key=lambda c: (c[0], c[1], c[2] != "admit"))


def case_label(case):
	threads, keys, outcome = case
	return f"| {threads} | {keys:,} | {outcome} |"


def table(results, metric, title, others=None, error=True, contenders=None):
	"""Prints one metric of every contender, given as ((method, algorithm) or another key, label)."""
	if contenders is None:
		contenders = [((method, algorithm), label) for method, algorithm, label in CONTENDERS]
	names = [label for _, label in contenders]
	print(f"{title}\n")
	extra = " others' CPU, max |" if others else ""
	print("| threads | keys | outcome | " + " | ".join(names) + " |" + extra)
	print("|---:|---:|---|" + "---:|" * len(names) + ("---:|" if others else ""))
	for case in cases(results):
		cells = []
		for key, _ in contenders:
			found = results[case].get(key, {}).get(metric)
			if found is None:
				cells.append("–")
			elif error:
				cells.append(f"{found[0]:,.1f} ± {found[1]:,.1f}")
			else:
				cells.append(f"{found[0]:.0f}")
		tail = ""
		if others:
			tail = f" {others[case]}% |" if case in others else " – |"
		print(case_label(case) + " " + " | ".join(cells) + " |" + tail)
	print()


def ratio(weir, other):
	"""Weir's time over the other's, with the half-width from the two relative errors."""
	value = weir[0] / other[0]
	spread = value * math.hypot(weir[1] / weir[0], other[1] / other[0])
	return value, spread


def ratios(results):
	print(f"Weir's time ÷ the other library's time, wall (CPU); below 1.00 Weir is faster; "
			f"target ≤ {TARGET} × Bucket4j tryConsume:\n")
	print("| threads | keys | outcome | Weir algorithm | " + " | ".join(label for _, label in BASELINES) + " | target |")
	print("|---:|---:|---|---|" + "---:|" * len(BASELINES) + "---|")
	misses = []
	for case in cases(results):
		for method, algorithm, label in CONTENDERS[:3]:
			weir = results[case].get((method, algorithm))
			if weir is None:
				continue
			cells = []
			verdict = "–"
			for baseline, _ in BASELINES:
				other = results[case].get((baseline, None))
				if other is None:
					cells.append("–")
					continue
				value, spread = ratio(weir[WALL], other[WALL])
				cell = f"{value:.2f} ± {spread:.2f}"
				if CPU in weir and CPU in other:
					cell += f" ({ratio(weir[CPU], other[CPU])[0]:.2f})"
				cells.append(cell)
				if baseline == "bucket4jTryConsume":
					verdict = "met" if value <= TARGET else "**missed**"
					if value > TARGET:
						misses.append(f"{label}, {case[0]} thread(s), {case[1]:,} keys, {case[2]}: {value:.2f}")
			name = label.removeprefix("Weir ")
			print(case_label(case) + f" {name} | " + " | ".join(cells) + f" | {verdict} |")
	if misses:
		print("\nMissed the target:\n")
		for miss in misses:
			print(f"- {miss}")


def read(paths, key=contender_key):
	"""Returns the results and, given a result directory, how much other processes disturbed
	each case; given JMH JSON files, no disturbance."""
	others = {}
	if len(paths) == 1 and os.path.isdir(paths[0]):
		others = load_disturbance(paths[0])
		paths = sorted(glob.glob(os.path.join(paths[0], "json", "*.json")))
	return load(paths, key), others


def main():
	if len(sys.argv) < 2:
		sys.exit(__doc__)
	results, others = read(sys.argv[1:])
	table(results, CPU, "CPU time per decision, ns/op (lower is better):", others)
	if others:
		print("\"Others' CPU\" is the largest share of the machine's CPUs that other processes took while"
				" a contender of the case's kept attempt ran (from /proc/stat, less the benchmark's own CPU time).\n")
	table(results, WALL, "Wall-clock time per decision (JMH's score), ns/op:")
	table(results, ALLOC, "Bytes allocated per decision (gc.alloc.rate.norm):", error=False)
	ratios(results)


if __name__ == "__main__":
	main()
