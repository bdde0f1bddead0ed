package dev.weir.limit;

/**
 * Packs a window's index and its count into one 64-bit word: the low 32 bits of the index in
 * the high half, the count in the low half. Window indices are compared by their signed 32-bit
 * difference, which is exact for any two windows less than 2³¹ windows apart.
 */
final class WindowSlot {

	private WindowSlot() {
	}

	static long pack(long windowIndex, long count) {
		return (windowIndex << 32) | count;
	}

	static long count(long slot) {
		return slot & 0xFFFF_FFFFL;
	}

	/**
	 * Returns the index of the window a slot belongs to, reconstructed near a reference window.
	 */
	static long index(long slot, long referenceIndex) {
		int delta = (int) (slot >>> 32) - (int) referenceIndex;
		return referenceIndex + delta;
	}

	/**
	 * Returns the count a slot holds for a window: its count if it belongs to that window, zero
	 * if it belongs to another.
	 */
	static long countIn(long slot, long windowIndex) {
		return ((int) (slot >>> 32) == (int) windowIndex) ? count(slot) : 0;
	}

}
