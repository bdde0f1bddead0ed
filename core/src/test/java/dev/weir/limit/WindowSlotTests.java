package dev.weir.limit;

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
		assertThat(WindowSlot.countIn(slot, window)).isEqualTo(count);
	}

	@ParameterizedTest(name = "window {0} read as {1}")
	@CsvSource({
		"10, 9",
		"10, 11",
		"4294967295, 4294967296",
		"1700000000000, 1700000000002",
	})
	void countInAnotherWindowIsZero(long window, long other) {
		assertThat(WindowSlot.countIn(WindowSlot.pack(window, 5), other)).isZero();
	}

	@ParameterizedTest(name = "window {0} read near {1} is {2}")
	@CsvSource({
		"4294967296, 2147483648, 0",
		"2147483648, 0, -2147483648",
	})
	void indexIsOnlyExactWithinTwoToTheThirtyOneWindows(long window, long reference, long readAs) {
		assertThat(WindowSlot.index(WindowSlot.pack(window, 1), reference)).isEqualTo(readAs);
	}

}
