#!/usr/bin/env python3
"""Turns the raw files of cluster-vs-serf.sh into a Markdown table, Weir beside serf."""
import statistics
import sys
from collections import defaultdict
from pathlib import Path

out = Path(sys.argv[1])


def rows(name):
    path = out / name
    return [line.split() for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


# events.txt: side n node event micros
deliveries = defaultdict(dict)
for side, n, node, event, micros in rows("events.txt"):
    deliveries[(side, int(n), event)][int(node)] = int(micros)
spread = defaultdict(list)
complete = defaultdict(lambda: [0, 0])
for (side, n, event), times in deliveries.items():
    complete[(side, n)][1] += 1
    if 0 in times and len(times) == n:
        complete[(side, n)][0] += 1
        spread[(side, n)].append((max(times.values()) - times[0]) / 1000.0)

# idle.txt: side n node ticks ticks_per_second elapsed_micros rss_kib
cpu = defaultdict(list)
rss = defaultdict(list)
for side, n, node, used, tick, elapsed, rss_kib in rows("idle.txt"):
    cpu[(side, int(n))].append(100.0 * int(used) / int(tick) / (int(elapsed) / 1e6))
    rss[(side, int(n))].append(int(rss_kib) / 1024.0)

# heap.txt: weir n node used committed
heap = defaultdict(list)
for fields in rows("heap.txt"):
    if len(fields) == 5:
        heap[int(fields[1])].append((int(fields[3]) / 2**20, int(fields[4]) / 2**20))


def ratio(weir, serf):
    return f"{weir / serf:.2f}" if serf else "n/a"


sizes = sorted({n for (_, n) in complete} | {n for (_, n) in cpu})
print("| N | measure | serf | Weir | Weir / serf |")
print("|---|---|---|---|---|")
for n in sizes:
    s, w = spread[("serf", n)], spread[("weir", n)]
    sc, wc = complete[("serf", n)], complete[("weir", n)]
    print(f"| {n} | events that reached all nodes | {sc[0]} of {sc[1]} | {wc[0]} of {wc[1]} | |")
    if s and w:
        print(f"| {n} | event to all nodes, median (ms) | {statistics.median(s):.0f} | {statistics.median(w):.0f} "
              f"| {ratio(statistics.median(w), statistics.median(s))} |")
        print(f"| {n} | event to all nodes, max (ms) | {max(s):.0f} | {max(w):.0f} | {ratio(max(w), max(s))} |")
    if rss[("serf", n)] and rss[("weir", n)]:
        sr, wr = statistics.mean(rss[("serf", n)]), statistics.mean(rss[("weir", n)])
        print(f"| {n} | RSS per node, mean (MiB) | {sr:.1f} | {wr:.1f} | {ratio(wr, sr)} |")
    if heap[n]:
        used = statistics.mean(u for u, _ in heap[n])
        committed = statistics.mean(c for _, c in heap[n])
        print(f"| {n} | Java heap used / committed per node, mean (MiB) | | {used:.1f} / {committed:.1f} | |")
    if cpu[("serf", n)] and cpu[("weir", n)]:
        sc_, wc_ = statistics.mean(cpu[("serf", n)]), statistics.mean(cpu[("weir", n)])
        print(f"| {n} | CPU at idle per node, mean (% of one core) | {sc_:.2f} | {wc_:.2f} | {ratio(wc_, sc_)} |")
print()
print("Machine: " + (out / "machine.txt").read_text().strip())
print("Load at the start of each idle window: " + "; ".join((out / "load.txt").read_text().split("\n")).strip("; "))
