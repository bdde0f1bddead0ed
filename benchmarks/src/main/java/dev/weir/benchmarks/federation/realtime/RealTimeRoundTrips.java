package dev.weir.benchmarks.federation.realtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The federation round-trip sweep in real time: K = 3 regions, each one process as the Spring
 * starter wires it, over one in-memory coordinator on the system clock, every coordinator call
 * delayed by a round trip d ± 50 %; open-loop Poisson arrivals (L = 1,000, W = 1 s, skew 0.5)
 * dispatched at their times to platform threads. Rows: d ∈ {2, 50, 150} ms × load {1×, 3×} ×
 * prefetch {on, off} with the default batch, and at 50 and 150 ms, 3×, the batch sized to the
 * round trip without prefetch. Each row runs 2 warm-up and the measured windows aligned to the
 * coordinator's, one row after another (about 23 s a row with 20 measured windows).
 *
 * <p>Arguments, all optional: measured windows (default 20), the arrivals' seed (default 42), and
 * the round trips to run, such as {@code 50,150} (default all). Prints a Markdown table.
 */
public final class RealTimeRoundTrips {

	private static final int REQUEST_THREADS = 1_000;

	private RealTimeRoundTrips() {
	}

	public static void main(String[] args) throws InterruptedException {
		int measured = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		long seed = (args.length > 1) ? Long.parseLong(args[1]) : 42;
		List<Row> rows = Row.sweep();
		if (args.length > 2) {
			List<String> trips = List.of(args[2].split(","));
			rows.removeIf((row) -> !trips.contains(Long.toString(row.roundTripMillis())));
		}
		Settings settings = new Settings(3, 1_000, 1_000, 2, measured, 0.5, seed);
		System.out.println("Seed " + seed + "; K = " + settings.regions() + ", L = " + settings.limit() + ", W = "
				+ settings.windowMillis() + " ms, s = " + settings.skew() + ", " + settings.warmUp() + " warm-up + "
				+ measured + " measured windows a row; " + Runtime.getRuntime().availableProcessors() + " CPUs; "
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ".");
		System.out.println("Start: " + loadAverage() + "\n");
		long started = System.nanoTime();
		Map<Double, Arrivals> arrivals = new HashMap<>();
		List<RowResult> results = new ArrayList<>();
		try (RequestPool pool = new RequestPool(REQUEST_THREADS)) {
			for (Row row : rows) {
				Arrivals load = arrivals.computeIfAbsent(row.mult(), (mult) -> Arrivals.generate(settings, mult));
				RowResult result = new RowRun(settings, row, load, pool).run();
				System.err.println("done " + row + ": U " + result.meanU() + ", Δ " + result.deltaByDecision() + " / "
						+ result.deltaByCharge() + ", " + pool.threads() + " request threads, " + loadAverage());
				results.add(result);
			}
		}
		RoundTripTable.print(System.out, results);
		System.out.printf("%nEnd: %s; %.0f s.%n", loadAverage(), (System.nanoTime() - started) / 1e9);
	}

	private static String loadAverage() {
		try {
			return "loadavg " + Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "loadavg unknown (" + ex.getMessage() + ")";
		}
	}

}
