package dev.weir.state.cache;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One write to a key, as every replica keeps and sends it: the value, or none for a tombstone,
 * its {@link Stamp}, and the wall-clock millisecond at which it expires.
 *
 * <p>Immutable: the value array is never changed after construction, and never handed out
 * uncopied by the public API.
 *
 * @param key the key
 * @param value the value, or {@code null} for a tombstone
 * @param stamp when and where it was written
 * @param expiresAtMillis the wall time, in milliseconds since the epoch, from which it is gone
 */
record CacheEntry(String key, byte @Nullable [] value, Stamp stamp, long expiresAtMillis) {

	/**
	 * Last-writer-wins: the greater entry wins. The stamp decides; the rest only breaks a tie
	 * between two different writes with one stamp (a node that restarted and reused a Lamport
	 * time before it learned its old one), so that the order is total and every replica keeps
	 * the same entry whatever order the writes arrive in.
	 */
	static final Comparator<CacheEntry> LAST_WRITER_WINS = Comparator.comparing(CacheEntry::stamp)
		.thenComparingLong(CacheEntry::expiresAtMillis)
		.thenComparing(CacheEntry::isTombstone)
		.thenComparing((a, b) -> Arrays.compareUnsigned(a.valueOrEmpty(), b.valueOrEmpty()));

	/**
	 * The order in which a full cache lets entries go: the one that expires first (expired ones
	 * therefore before any live one), ties broken by key so that no two entries are equal.
	 */
	static final Comparator<CacheEntry> EXPIRY_ORDER = Comparator.comparingLong(CacheEntry::expiresAtMillis)
		.thenComparing(CacheEntry::key);

	CacheEntry {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(stamp, "stamp");
	}

	boolean isTombstone() {
		return this.value == null;
	}

	boolean isExpiredAt(long nowMillis) {
		return nowMillis >= this.expiresAtMillis;
	}

	boolean isLiveAt(long nowMillis) {
		return this.value != null && !isExpiredAt(nowMillis);
	}

	private byte[] valueOrEmpty() {
		return (this.value != null) ? this.value : new byte[0];
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof CacheEntry that && this.key.equals(that.key) && Arrays.equals(this.value, that.value)
				&& this.stamp.equals(that.stamp) && this.expiresAtMillis == that.expiresAtMillis;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.key, Arrays.hashCode(this.value), this.stamp, this.expiresAtMillis);
	}

	@Override
	public String toString() {
		return "CacheEntry[key=" + this.key + ", "
				+ ((this.value != null) ? "value=" + this.value.length + " bytes" : "tombstone") + ", stamp=" + this.stamp
				+ ", expiresAtMillis=" + this.expiresAtMillis + "]";
	}

}
