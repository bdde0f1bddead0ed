package dev.weir.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

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
 * cool. The processes the benchmark started and that still run, such as a Redis server it
 * talks to, are counted with it: their work is part of the decision too. Use it with {@code -prof dev.weir.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private long startNanos;

	@Override
	public String getDescription() {
		return "CPU time of the benchmark process per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.startNanos = cpuNanos();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long cpuNanos = cpuNanos() - this.startNanos;
		long ops = result.getMetadata().getAllOps();
		double perOp = (ops > 0) ? (double) cpuNanos / ops : Double.NaN;
		return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
	}

	/**
	 * The CPU time of this process and of the processes it started that still run, such as a
	 * Redis server that a benchmark talks to.
	 */
	private long cpuNanos() {
		long nanos = this.os.getProcessCpuTime();
		for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
			nanos += child.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
		}
		return nanos;
	}

}
