#!/usr/bin/env python3
"""Prints markdown tables from the results that filter-overhead.sh writes.

Usage: filter-overhead-table.py RESULT_DIR

Reads RESULT_DIR/round-<n>-<config>.txt (wrk's output for the kept attempts) and runs.tsv (the
loaded app's CPU time per request, and the CPU that other processes took, for every attempt).
For each configuration it gives requests/s per round, their mean, and the ratio to the "off"
baseline of the same round; the overhead is 1 minus the mean of those per-round ratios. The
issue's target is an overhead under 5% of requests/s. The second table gives the server's CPU
time per request, the cost that the load generator sharing the machine does not blur.
"""

import csv
import os
import re
import statistics
import sys

BASELINE = "off"
TARGET = 0.05
ORDER = ["off", "demo-rule", "demo-rule-no-headers", "sample-rules"]
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def millis(text):
	match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
	return float(match.group(1)) * UNITS[match.group(2)]


def parse(path):
	with open(path) as f:
		text = f.read()
	bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
	errors = re.search(r"Socket errors: (.*)", text)
	p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
	p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
	return {
		"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
		"non2xx": int(bad.group(1)) if bad else 0,
		"errors": errors.group(1) if errors else "",
		"p50": millis(p50.group(1)) if p50 else float("nan"),
		"p99": millis(p99.group(1)) if p99 else float("nan"),
	}


def main():
	if len(sys.argv) != 2:
		sys.exit(__doc__)
	directory = sys.argv[1]
	runs = {}
	for name in os.listdir(directory):
		match = re.fullmatch(r"round-(\d+)-(.+)\.txt", name)
		if match:
			runs.setdefault(match.group(2), {})[int(match.group(1))] = parse(os.path.join(directory, name))
	tsv = os.path.join(directory, "runs.tsv")
	if os.path.exists(tsv):
		with open(tsv) as f:
			for row in csv.DictReader(f, delimiter="\t"):
				if row["kept"] == "yes" and int(row["round"]) in runs.get(row["configuration"], {}):
					run = runs[row["configuration"]][int(row["round"])]
					run["others"] = int(row["others_cpu_pct"])
					run["cpu"] = float(row["server_cpu_us_per_request"])
	configs = [c for c in ORDER if c in runs] + sorted(c for c in runs if c not in ORDER)
	rounds = sorted(runs[BASELINE])

	print("Requests/s (higher is better):\n")
	print("| configuration | " + " | ".join(f"round {r}" for r in rounds)
			+ " | mean | ratio to off, per round | overhead | target | p50 / p99 latency, ms | others' CPU, max |")
	print("|---|" + "---:|" * len(rounds) + "---:|---|---:|---|---:|---:|")
	problems = []
	for config in configs:
		by_round = runs[config]
		rates = [by_round[r]["rps"] for r in rounds]
		for r in rounds:
			if by_round[r]["non2xx"] or by_round[r]["errors"]:
				problems.append(f"{config} round {r}: {by_round[r]['non2xx']} non-2xx responses, "
						f"socket errors: {by_round[r]['errors'] or 'none'}")
		latency = (f"{statistics.median(by_round[r]['p50'] for r in rounds):.2f} / "
				f"{statistics.median(by_round[r]['p99'] for r in rounds):.2f}")
		others = [by_round[r]["others"] for r in rounds if "others" in by_round[r]]
		busy = f"{max(others)}%" if others else "–"
		if config == BASELINE:
			compared = "– | – | –"
		else:
			ratios = [by_round[r]["rps"] / runs[BASELINE][r]["rps"] for r in rounds]
			overhead = 1 - statistics.mean(ratios)
			verdict = "met" if overhead < TARGET else "**missed**"
			compared = ", ".join(f"{x:.3f}" for x in ratios) + f" | {overhead:.1%} | {verdict}"
		print(f"| {config} | " + " | ".join(f"{rate:,.0f}" for rate in rates)
				+ f" | {statistics.mean(rates):,.0f} | {compared} | {latency} | {busy} |")

	if all("cpu" in runs[c][r] for c in configs for r in rounds):
		print("\nServer CPU time per request, µs (lower is better):\n")
		print("| configuration | " + " | ".join(f"round {r}" for r in rounds) + " | mean | more than off, per round | mean |")
		print("|---|" + "---:|" * len(rounds) + "---:|---|---:|")
		for config in configs:
			by_round = runs[config]
			cpus = [by_round[r]["cpu"] for r in rounds]
			if config == BASELINE:
				compared = "– | –"
			else:
				extra = [by_round[r]["cpu"] / runs[BASELINE][r]["cpu"] - 1 for r in rounds]
				compared = ", ".join(f"{x:+.1%}" for x in extra) + f" | {statistics.mean(extra):+.1%}"
			print(f"| {config} | " + " | ".join(f"{cpu:.1f}" for cpu in cpus)
					+ f" | {statistics.mean(cpus):.1f} | {compared} |")

	if problems:
		print("\nRuns with failed requests (their rates do not count as admitted traffic):\n")
		for problem in problems:
			print(f"- {problem}")


if __name__ == "__main__":
	main()
