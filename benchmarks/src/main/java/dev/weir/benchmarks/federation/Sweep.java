package dev.weir.benchmarks.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * One factor varied around the base case: its settings, each run at the given loads.
 *
 * @param title what varies
 * @param rows a label and a scenario for each row
 */
record Sweep(String title, List<Row> rows) {

	/** One row of a sweep. */
	record Row(String label, Scenario scenario) {
	}

	/**
	 * Builds a sweep whose every setting is run at 1× and 3× offered load.
	 * @param title what varies
	 * @param labels one label per setting
	 * @param settings the scenario of each setting for a load
	 */
	static Sweep atBothLoads(String title, List<String> labels, List<DoubleFunction<Scenario>> settings) {
		List<Row> rows = new ArrayList<>();
		for (double mult : new double[] { 1.0, 3.0 }) {
			for (int i = 0; i < labels.size(); i++) {
				rows.add(new Row(labels.get(i), settings.get(i).apply(mult)));
			}
		}
		return new Sweep(title, List.copyOf(rows));
	}

}
