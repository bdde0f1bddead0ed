package dev.weir.limit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WindowSlot}, the packing of a window index and its count into one word.
 */
class WindowSlotTests {

	@ParameterizedTest(name = "window {0}, count {1}, read near {2}")
	@CsvSource({
		"0, 0, 0",
		"0, 1, 0",
		"7, 2147483647, 7",
		"7, 4294967295, 9",
		"1000, 5, 999",
		"1000, 5, 1001",
		"4294967295, 3, 4294967296",
		"4294967296, 3, 4294967295",
		"1700000000000, 12, 1700000000001",
		"-1, 4, 0",
		"-603800, 4, -603801",
		"2147483647, 1, 0",
		"-2147483648, 1, 0",
	})
	void packedWindowAndCountReadBackNearTheWindow(long window, long count, long reference) {
		long slot = WindowSlot.pack(window, count);
		assertThat(WindowSlot.count(slot)).isEqualTo(count);
		assertThat(WindowSlot.index(slot, reference)).isEqualTo(window);
		assertThat(WindowSlot.countIn(slot, window, reference)).isEqualTo(count);
	}

	@ParameterizedTest(name = "window {0} read as {1}")
	@CsvSource({
		"10, 9",
		"10, 11",
		"4294967295, 4294967296",
		"1700000000000, 1700000000002",
	})
	void countInAnotherWindowIsZero(long window, long other) {
		assertThat(WindowSlot.countIn(WindowSlot.pack(window, 5), other, window)).isZero();
	}

	@ParameterizedTest(name = "window {0} read near {1} is {2}")
	@CsvSource({
		"4294967296, 2147483648, 0",
		"2147483648, 0, -2147483648",
	})
	void indexIsOnlyExactWithinTwoToTheThirtyOneWindows(long window, long reference, long readAs) {
		assertThat(WindowSlot.index(WindowSlot.pack(window, 1), reference)).isEqualTo(readAs);
	}

	@ParameterizedTest(name = "window {0} read near anchor {1} counts {3} in window {2}")
	@CsvSource({
		"1000, 0, 1000, 3",
		"1000, -1073740824, 1000, 3",
		"5000000000, 5000000000, 9294967296, 0",
		"5000000000, 6073741824, 13589934592, 0",
		"5000000000, 5000000001, 4999999999, 0",
	})
	void slotReadNearItsAnchorCountsOnlyInItsOwnWindow(long window, long anchor, long decided, long counts) {
		long slot = WindowSlot.pack(window, 3);
		assertThat(WindowSlot.counted(slot, anchor)).isEqualTo(window);
		assertThat(WindowSlot.countIn(slot, decided, anchor)).isEqualTo(counts);
	}

	@Test
	void emptySlotCountsInNoWindow() {
		assertThat(WindowSlot.counted(WindowSlot.EMPTY, 0)).isEqualTo(Long.MIN_VALUE);
		assertThat(WindowSlot.countIn(WindowSlot.EMPTY, 0, 0)).isZero();
	}

	@Test
	void movingTheAnchorClearsOnlySlotsTooOldToCount() {
		long anchor = 1_000;
		long window = anchor + WindowSlot.REACH + 10;
		long old = WindowSlot.pack(anchor, 4);
		long recent = WindowSlot.pack(window - 1, 2);
		Cell cell = new Cell(old, recent, anchor);
		WindowSlot.moveAnchor(cell, anchor, window);
		assertThat(cell.anchor()).isEqualTo(window);
		assertThat(cell.a()).isEqualTo(WindowSlot.EMPTY);
		assertThat(cell.b()).isEqualTo(recent);
		assertThat(WindowSlot.counted(cell.b(), cell.anchor())).isEqualTo(window - 1);
	}

	@Test
	void anchorStaysWhenAnotherThreadMovedItFirst() {
		long window = WindowSlot.REACH * 3;
		long old = WindowSlot.pack(7, 4);
		Cell cell = new Cell(old, WindowSlot.EMPTY, 5);
		WindowSlot.moveAnchor(cell, 0, window);
		assertThat(cell.anchor()).isEqualTo(5);
		assertThat(cell.a()).isEqualTo(old);
	}

	@Test
	void packedSlotLeavesTheSignBitToFreezing() {
		assertThat(WindowSlot.pack(-1, LimitPolicy.MAX_LIMIT)).isPositive();
	}

}
