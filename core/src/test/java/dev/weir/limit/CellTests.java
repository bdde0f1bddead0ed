package dev.weir.limit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Cell}: freezing, which retires a key's state so that no decision is lost in
 * a cell that leaves the table.
 */
class CellTests {

	@Test
	void freezingFromTheStateReadStopsEveryLaterCompareAndSet() {
		Cell cell = new Cell(5, 7, 0);
		assertThat(cell.freezeFrom(5)).isTrue();
		assertThat(Cell.isFrozen(cell.a())).isTrue();
		assertThat(Cell.isFrozen(cell.b())).isTrue();
		assertThat(cell.casA(5, 6)).isFalse();
		assertThat(cell.casB(7, 8)).isFalse();
	}

	@Test
	void freezingFromAStaleStateFreezesNothing() {
		Cell cell = new Cell(5, 7, 0);
		assertThat(cell.casA(5, 6)).isTrue();
		assertThat(cell.freezeFrom(5)).isFalse();
		assertThat(cell.a()).isEqualTo(6);
		assertThat(cell.b()).isEqualTo(7);
	}

	@Test
	void freezingAFrozenCellChangesNothing() {
		Cell cell = new Cell(5, 7, 0);
		cell.freeze();
		long a = cell.a();
		long b = cell.b();
		cell.freeze();
		assertThat(cell.freezeFrom(a)).isFalse();
		assertThat(cell.a()).isEqualTo(a);
		assertThat(cell.b()).isEqualTo(b);
	}

	@Test
	void thawedCopyKeepsWhatWasTakenBeforeTheWordsFroze() {
		Cell cell = new Cell(5, 7, 42);
		assertThat(cell.casB(7, 9)).isTrue();
		cell.freeze();
		Cell copy = cell.thawed();
		assertThat(copy.a()).isEqualTo(5);
		assertThat(copy.b()).isEqualTo(9);
		assertThat(copy.anchor()).isEqualTo(42);
		assertThat(copy.casA(5, 6)).isTrue();
	}

	@Test
	void largestLiveWordsSurviveFreezingAndThawing() {
		long slot = WindowSlot.pack(-1, LimitPolicy.MAX_LIMIT);
		Cell cell = new Cell(slot, Long.MAX_VALUE, 0);
		assertThat(Cell.isFrozen(slot)).isFalse();
		cell.freeze();
		assertThat(cell.thawed().a()).isEqualTo(slot);
		assertThat(cell.thawed().b()).isEqualTo(Long.MAX_VALUE);
	}

}
