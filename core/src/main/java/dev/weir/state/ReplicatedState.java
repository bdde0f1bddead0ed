package dev.weir.state;

import java.util.List;

import dev.weir.gossip.wire.MalformedMessageException;

/**
 * A piece of state that {@link StateSync} replicates over the cluster: counters, or one cache.
 *
 * <p>Every replica applies the same merge, which must be idempotent, commutative and associative,
 * so that a delta received twice, late, out of order or also contained in a snapshot changes
 * nothing more than once. {@link StateSync} calls {@link #drainDeltas}, {@link #snapshot} and
 * the merge methods from the cluster's own thread; the application's threads read and write the
 * state concurrently.
 */
public interface ReplicatedState {

	/**
	 * Returns the name under which replicas of this state find each other: the same on every
	 * node, at most 255 bytes in UTF-8, such as {@code "counters"} or {@code "cache/users"}.
	 * @return the identifier
	 */
	String id();

	/**
	 * Returns, encoded, the changes this replica made since the previous call, split into
	 * deltas of at most {@code maxBytes} each; empty when nothing changed.
	 * @param maxBytes the largest delta the gossip layer can carry
	 * @return the deltas to broadcast
	 */
	List<byte[]> drainDeltas(int maxBytes);

	/**
	 * Merges a delta that another replica broadcast.
	 * @param delta the delta, as {@link #drainDeltas} encoded it
	 * @return whether it taught this replica anything, in which case it is passed on
	 * @throws MalformedMessageException if the delta cannot be decoded; nothing was merged
	 */
	boolean mergeDelta(byte[] delta) throws MalformedMessageException;

	/**
	 * Returns, encoded, everything this replica holds that is still live, for a full state
	 * exchange with one peer.
	 * @return the snapshot
	 */
	byte[] snapshot();

	/**
	 * Merges the snapshot of another replica.
	 * @param snapshot the snapshot, as {@link #snapshot} encoded it
	 * @throws MalformedMessageException if the snapshot cannot be decoded; nothing was merged
	 */
	void mergeSnapshot(byte[] snapshot) throws MalformedMessageException;

}
