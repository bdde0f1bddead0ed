package dev.weir.benchmarks.stores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the machine did while a part of the run went on: how busy its CPUs were, how much of
 * that was this JVM and the servers it started (its descendant processes), and the load
 * average. On a machine shared with other builds, "others" is the disturbance to look at.
 */
final class MachineLoad {

	private final long busyTicks;

	private final long totalTicks;

	private final long ownTicks;

	private MachineLoad(long busyTicks, long totalTicks, long ownTicks) {
		this.busyTicks = busyTicks;
		this.totalTicks = totalTicks;
		this.ownTicks = ownTicks;
	}

	/**
	 * Reads the CPU counters now.
	 * @param processes the processes whose CPU time, with their descendants', is this run's
	 * @return the reading
	 */
	static MachineLoad now(List<ProcessHandle> processes) {
		String[] cpu = firstLine(Path.of("/proc/stat")).trim().split("\\s+");
		long total = 0;
		for (int i = 1; i < cpu.length; i++) {
			total += Long.parseLong(cpu[i]);
		}
		// user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
		long busy = total - Long.parseLong(cpu[4]) - Long.parseLong(cpu[5]);
		long own = 0;
		for (ProcessHandle process : processes) {
			own += ticks(process.pid()) + process.descendants().mapToLong((child) -> ticks(child.pid())).sum();
		}
		return new MachineLoad(busy, total, own);
	}

	/**
	 * Describes the CPU use from an earlier reading to this one, in percent of one CPU.
	 * @param since the earlier reading
	 * @return such as {@code CPU busy 150 % of 200 % (this run 120 %, others 30 %), load 1.52 1.10 0.90}
	 */
	String since(MachineLoad since) {
		int cpus = Runtime.getRuntime().availableProcessors();
		double total = Math.max(1, this.totalTicks - since.totalTicks);
		double busy = 100.0 * cpus * (this.busyTicks - since.busyTicks) / total;
		double own = 100.0 * cpus * (this.ownTicks - since.ownTicks) / total;
		return String.format(Locale.ROOT, "CPU busy %.0f %% of %d %% (this run %.0f %%, others %.0f %%), %s", busy,
				100 * cpus, own, Math.max(0, busy - own), loadAverage());
	}

	/**
	 * Returns the load average.
	 * @return such as {@code loadavg 1.52 1.10 0.90}
	 */
	static String loadAverage() {
		String[] parts = firstLine(Path.of("/proc/loadavg")).split(" ");
		return "loadavg " + parts[0] + " " + parts[1] + " " + parts[2];
	}

	/** User and system ticks of a process, 0 if it is gone. */
	private static long ticks(long pid) {
		String stat;
		try {
			stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		}
		catch (IOException ex) {
			return 0;
		}
		// Fields after the command (which may hold spaces): state is field 3, utime 14, stime 15.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static String firstLine(Path path) {
		try {
			return Files.readAllLines(path).get(0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + path, ex);
		}
	}

}
