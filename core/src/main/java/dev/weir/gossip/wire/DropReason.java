package dev.weir.gossip.wire;

/**
 * Why a received packet or stream was dropped. Each reason is counted, so that operators can
 * tell a misconfigured peer (wrong key, wrong label) from a broken or hostile one.
 */
public enum DropReason {

	/**
	 * The bytes are not a well-formed message: bad msgpack, a missing or mistyped field, a value
	 * out of range.
	 */
	MALFORMED,

	/**
	 * The bytes end before the message does.
	 */
	TRUNCATED,

	/**
	 * The message, or what it expands to, is larger than Weir accepts.
	 */
	OVERSIZED,

	/**
	 * The CRC-32 in the header does not match the message.
	 */
	BAD_CRC,

	/**
	 * None of the keys in the keyring decrypts the message, or it is not encrypted while
	 * encryption is required, or encrypted while no keyring is set.
	 */
	UNDECRYPTABLE,

	/**
	 * The label does not match this cluster's, or is missing.
	 */
	WRONG_LABEL,

	/**
	 * The compressed payload is corrupt or uses an unknown algorithm.
	 */
	BAD_COMPRESSION,

	/**
	 * The message type is unknown.
	 */
	UNKNOWN_TYPE,

	/**
	 * The sender speaks protocol versions this node does not.
	 */
	INCOMPATIBLE_VERSION

}
