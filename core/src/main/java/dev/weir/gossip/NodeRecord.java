package dev.weir.gossip;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.wire.NodeState;
import dev.weir.gossip.wire.Versions;

/**
 * What a node knows of one member, itself included. Mutable; touched only on the event loop.
 */
final class NodeRecord {

	final String name;

	InetSocketAddress address;

	byte[] meta;

	@Nullable Versions versions;

	long incarnation;

	NodeState state;

	long stateChangeNanos;

	NodeRecord(String name, InetSocketAddress address, byte[] meta, @Nullable Versions versions, NodeState state,
			long stateChangeNanos) {
		this.name = name;
		this.address = address;
		this.meta = meta;
		this.versions = versions;
		this.state = state;
		this.stateChangeNanos = stateChangeNanos;
	}

	/**
	 * The newest memberlist protocol the member understands; 0 if unknown.
	 */
	int protocolMax() {
		return (this.versions != null) ? this.versions.protocolMax() : 0;
	}

	Member snapshot() {
		return new Member(this.name, this.address, this.meta, this.state, this.incarnation, this.versions);
	}

}
