package dev.weir.gossip.wire;

import org.jspecify.annotations.Nullable;

/**
 * The six version numbers a node advertises ({@code Vsn}): the memberlist protocol versions it
 * understands and speaks, and those of its delegate (serf).
 *
 * @param protocolMin the oldest memberlist protocol understood
 * @param protocolMax the newest memberlist protocol understood
 * @param protocolCurrent the memberlist protocol spoken
 * @param delegateMin the oldest delegate protocol understood
 * @param delegateMax the newest delegate protocol understood
 * @param delegateCurrent the delegate protocol spoken
 */
public record Versions(int protocolMin, int protocolMax, int protocolCurrent, int delegateMin, int delegateMax,
		int delegateCurrent) {

	/**
	 * What Weir advertises, as a serf agent does: memberlist 1 to 5, speaking 2; serf 2 to 5,
	 * speaking 5.
	 */
	public static final Versions WEIR = new Versions(1, 5, 2, 2, 5, 5);

	/**
	 * Checks that every number fits a byte.
	 */
	public Versions {
		for (int value : new int[] { protocolMin, protocolMax, protocolCurrent, delegateMin, delegateMax,
				delegateCurrent }) {
			if (value < 0 || value > 255) {
				throw new IllegalArgumentException("version out of range: " + value);
			}
		}
	}

	/**
	 * Returns the six bytes of the wire form.
	 * @return the bytes
	 */
	public byte[] toBytes() {
		return new byte[] { (byte) this.protocolMin, (byte) this.protocolMax, (byte) this.protocolCurrent,
				(byte) this.delegateMin, (byte) this.delegateMax, (byte) this.delegateCurrent };
	}

	/**
	 * Reads the wire form: empty means unknown; fewer than six bytes is malformed (memberlist
	 * 0.2.2 would crash on it); bytes past the sixth are ignored.
	 * @param bytes the bytes, or {@code null}
	 * @return the versions, or {@code null} if none were sent
	 * @throws MalformedMessageException if there are one to five bytes
	 */
	static @Nullable Versions fromBytes(byte @Nullable [] bytes) throws MalformedMessageException {
		if (bytes == null || bytes.length == 0) {
			return null;
		}
		if (bytes.length < 6) {
			throw new MalformedMessageException(DropReason.MALFORMED, "Vsn has " + bytes.length + " bytes, not 6");
		}
		return new Versions(bytes[0] & 0xff, bytes[1] & 0xff, bytes[2] & 0xff, bytes[3] & 0xff, bytes[4] & 0xff,
				bytes[5] & 0xff);
	}

}
