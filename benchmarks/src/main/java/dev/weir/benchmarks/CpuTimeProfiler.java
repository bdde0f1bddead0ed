package dev.weir.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time the benchmark process spent per operation
 * ({@code cpu.time.norm}, ns/op), beside JMH's wall-clock score.
 *
 * <p>On a machine shared with other work, a benchmark thread that is descheduled still counts
 * wall time but no CPU time, so this measure barely moves with the machine's load while the
 * wall-clock score swings. With every benchmark thread busy throughout an iteration, the two
 * agree on an idle machine. It includes the process's garbage collection and any compilation,
 * which is part of what a decision costs; it does not remove the caches that other processes
 * cool. The processes the benchmark started and that run through the iteration, such as a Redis
 * server it talks to, are counted with it: their work is part of the decision too. Use it with
 * {@code -prof dev.weir.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private long startNanos;

	private Map<Long, Long> startChildren = Map.of();

	@Override
	public String getDescription() {
		return "CPU time of the benchmark process per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.startNanos = this.os.getProcessCpuTime();
		this.startChildren = childrenCpuNanos();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long cpuNanos = this.os.getProcessCpuTime() - this.startNanos;
		// A child that started during the iteration counts whole; one that ended is not seen.
		for (Map.Entry<Long, Long> child : childrenCpuNanos().entrySet()) {
			cpuNanos += child.getValue() - this.startChildren.getOrDefault(child.getKey(), 0L);
		}
		long ops = result.getMetadata().getAllOps();
		double perOp = (ops > 0) ? (double) cpuNanos / ops : Double.NaN;
		return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
	}

	/**
	 * The CPU time of the processes this one started and that still run, such as a Redis
	 * server that a benchmark talks to, by process id.
	 */
	private static Map<Long, Long> childrenCpuNanos() {
		Map<Long, Long> nanos = new HashMap<>();
		for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
			child.info().totalCpuDuration().ifPresent((cpu) -> nanos.put(child.pid(), cpu.toNanos()));
		}
		return nanos;
	}

}
