package dev.weir.limit;

/**
 * Packs a window's index and its count into one 64-bit word: the count in the high half, the
 * low 32 bits of the index in the low half. The count is at most {@link LimitPolicy#MAX_LIMIT},
 * so the sign bit stays clear for {@link Cell} to mark the word frozen.
 *
 * <p>32 bits cannot tell apart windows 2³² apart, and a key may sit idle for any number of
 * windows. Read near the current window, a slot last written 2³¹ windows ago (24.9 days of 1ms
 * windows) reads as a future window, which keeps the key denied; believing a slot ahead only
 * within a bounded range would still read one written exactly 2³² windows ago as the current
 * window. So each cell also keeps an anchor, a full window index, and a slot is read as the
 * window nearest the anchor with the same low 32 bits, which is exact within 2³¹ windows of it.
 * Two rules keep every slot within {@link #REACH} (2³⁰) windows of its anchor: a decision
 * writes only windows within {@code REACH} of the anchor, and to write one farther it first
 * clears the slots more than {@code REACH} windows older than that window (they no longer
 * count) and then moves the anchor there. However long a key was idle, its slots then read as
 * the windows they were written in, and are compared with the current window in full. A
 * decision stays one compare-and-set; the anchor moves only on a key's first decision (a new
 * cell is anchored at window 0), when the key comes back after {@code REACH} windows idle, and
 * once per {@code REACH} windows of steady use. This assumes that decisions on one key that run at once read wall times less than
 * {@code REACH} windows apart. A decision reads the anchor before and after the slots, so as to
 * read them near the anchor they were written near.
 */
final class WindowSlot {

	/**
	 * A slot that has counted nothing. Its index means nothing.
	 */
	static final long EMPTY = 0;

	/**
	 * How far from its cell's anchor a slot may be written, in windows.
	 */
	static final long REACH = 1L << 30;

	private WindowSlot() {
	}

	static long pack(long windowIndex, long count) {
		return (count << 32) | (windowIndex & 0xFFFF_FFFFL);
	}

	static long count(long slot) {
		return slot >>> 32;
	}

	/**
	 * Returns the index of the window a slot belongs to, reconstructed near a reference window:
	 * exact within 2³¹ windows of it.
	 */
	static long index(long slot, long referenceIndex) {
		int delta = (int) slot - (int) referenceIndex;
		return referenceIndex + delta;
	}

	/**
	 * Returns the count a slot holds for a window: its count if it belongs to that window, zero
	 * if it belongs to another.
	 */
	static long countIn(long slot, long windowIndex, long anchor) {
		return (count(slot) > 0 && index(slot, anchor) == windowIndex) ? count(slot) : 0;
	}

	/**
	 * Returns the window of a slot that has counted something, or {@code Long.MIN_VALUE} for an
	 * empty one.
	 */
	static long counted(long slot, long anchor) {
		return (count(slot) > 0) ? index(slot, anchor) : Long.MIN_VALUE;
	}

	static boolean reaches(long anchor, long windowIndex) {
		return Math.abs(windowIndex - anchor) <= REACH;
	}

	/**
	 * Moves a cell's anchor to a window it must write but cannot reach, after clearing the
	 * slots that would then be out of range. The caller then reads the cell again; if another
	 * thread changed it meanwhile, this may have done nothing.
	 */
	static void moveAnchor(Cell cell, long anchor, long windowIndex) {
		for (int i = 0; i < 2; i++) {
			long slot = cell.word(i);
			if (Cell.isFrozen(slot) || cell.anchor() != anchor) {
				return;
			}
			long window = counted(slot, anchor);
			if (window > windowIndex) {
				return;
			}
			if (window != Long.MIN_VALUE && window < windowIndex - REACH && !cell.casWord(i, slot, EMPTY)) {
				return;
			}
		}
		cell.casAnchor(anchor, windowIndex);
	}

}
