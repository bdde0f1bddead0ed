package dev.weir.benchmarks.federation;

/**
 * What goes wrong in a run of the open-loop simulation.
 */
enum Fault {

	/** Nothing. */
	NONE,

	/** Instances' wall clocks are off, alternately ahead and behind. */
	OFFSETS,

	/** The coordinator refuses every call from the middle of window 10 to the start of window 12. */
	STOPPED,

	/** The coordinator restarts without persistence in the middle of window 10. */
	RESTARTED

}
