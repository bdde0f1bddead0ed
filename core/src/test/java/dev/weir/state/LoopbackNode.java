package dev.weir.state;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.weir.cluster.Cluster;
import dev.weir.cluster.ClusterConfig;
import dev.weir.cluster.ClusterListener;
import dev.weir.cluster.MemberStatus;
import dev.weir.gossip.EventLoop;
import dev.weir.gossip.GossipConfig;
import dev.weir.gossip.Profile;
import dev.weir.gossip.transport.NetTransport;
import dev.weir.time.Clock;

/**
 * A cluster member with replicated counters on a real UDP and TCP port on loopback, with the
 * local profile's fast timers.
 */
public final class LoopbackNode implements AutoCloseable {

	private final NetTransport transport;

	private final EventLoop loop;

	private final Cluster cluster;

	private final CounterStore counters;

	private final StateSync sync;

	private LoopbackNode(String name) throws Exception {
		this.transport = NetTransport.builder().bindAddress(InetAddress.getLoopbackAddress()).bindPort(0).bind();
		this.loop = new EventLoop("weir-loopback-" + name);
		this.cluster = new Cluster(GossipConfig.of(name, Profile.LOCAL), ClusterConfig.defaults(), this.transport,
				this.loop, Clock.system(), new SplittableRandom(), new SecureRandom(), new ClusterListener() {
				});
		this.counters = new CounterStore(name, Clock.system(), 10_000);
		this.sync = new StateSync(this.cluster, this.loop, Duration.ofMillis(100), GossipConfig.DEFAULT_UDP_BUFFER_SIZE);
		this.sync.register(this.counters);
		this.cluster.start().get(5, TimeUnit.SECONDS);
		this.sync.start();
	}

	/**
	 * Starts a node.
	 * @param name its name
	 * @return the node
	 * @throws Exception if its port cannot be bound
	 */
	public static LoopbackNode start(String name) throws Exception {
		return new LoopbackNode(name);
	}

	/**
	 * Joins the cluster through a member's address.
	 * @param seed the member's address
	 * @throws Exception if the join fails
	 */
	public void join(InetSocketAddress seed) throws Exception {
		this.cluster.join(List.of(seed), false).get(10, TimeUnit.SECONDS);
	}

	public InetSocketAddress address() {
		return this.transport.advertisedAddress();
	}

	public Cluster cluster() {
		return this.cluster;
	}

	public CounterStore counters() {
		return this.counters;
	}

	public StateSync sync() {
		return this.sync;
	}

	/**
	 * Returns how many members this node sees alive, itself included.
	 * @return the count
	 */
	public long alive() {
		return this.cluster.members().stream().filter((member) -> member.status() == MemberStatus.ALIVE).count();
	}

	@Override
	public void close() throws Exception {
		this.sync.stop();
		this.cluster.shutdown();
		this.loop.close();
		this.transport.close();
	}

}
