package dev.weir.time;

/**
 * The production {@link Clock}: the only place in Weir's engine that reads the system's time.
 */
final class SystemClock implements Clock {

	static final SystemClock INSTANCE = new SystemClock();

	private SystemClock() {
	}

	@Override
	public long wallTimeMillis() {
		return System.currentTimeMillis();
	}

	@Override
	public long monotonicNanos() {
		return System.nanoTime();
	}

	@Override
	public String toString() {
		return "SystemClock";
	}

}
