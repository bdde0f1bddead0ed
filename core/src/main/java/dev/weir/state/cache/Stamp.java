package dev.weir.state.cache;

import java.util.Objects;

/**
 * When and where a write happened: its Lamport time and the name of the node that made it.
 * Stamps are totally ordered by time, then by node name (in {@link String#compareTo} order), so
 * every replica picks the same last writer.
 *
 * @param lamport the Lamport time of the write
 * @param node the name of the node that wrote
 */
record Stamp(long lamport, String node) implements Comparable<Stamp> {

	Stamp {
		if (lamport < 0) {
			throw new IllegalArgumentException("lamport must not be negative: " + lamport);
		}
		Objects.requireNonNull(node, "node");
	}

	@Override
	public int compareTo(Stamp other) {
		int byTime = Long.compare(this.lamport, other.lamport);
		return (byTime != 0) ? byTime : this.node.compareTo(other.node);
	}

}
