package dev.weir.gossip.simulation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.transport.Transport;

/**
 * An in-memory network on a {@link Simulation}'s timeline: each node gets a {@link Transport}
 * at an address of its own ({@code 10.0.x.y:7946}), and every packet and stream becomes events
 * of the simulation, drawn from its seed.
 *
 * <p><b>Links.</b> Each direction between two nodes has {@link LinkConditions}: the network's
 * defaults ({@link LinkConditions#lan()} unless given) or an override. A packet is lost with
 * the link's loss probability; otherwise it arrives after the delay plus a uniform jitter, and
 * may arrive twice. Jitter reorders packets. Each copy is a fresh array, handed to the
 * receiver's {@link Transport.Handler#packet} as an event of its own.
 *
 * <p><b>Streams</b> are reliable, as TCP is: neither lost nor duplicated, but cut by partitions
 * and crashes. The request reaches {@link Transport.Handler#stream} after one link delay and the
 * reply reaches {@link Transport.StreamCallback#replied} after another. A receiver that is down
 * refuses the connection; a request cut off by a partition, a receiver that never replies, or
 * one that crashes meanwhile leaves the sender to fail at its timeout; a receiver that replies
 * {@code null} when a reply is expected closes the stream, which fails too. Callbacks are events
 * on the timeline.
 *
 * <p><b>Faults.</b> {@link #partition(Set...)} splits the nodes into groups that cannot reach
 * each other, {@link #isolate(String)} cuts one node off, and {@link #heal()} undoes both. A
 * packet or stream segment is dropped if its ends are cut off when it is sent or when it would
 * arrive. {@link #crash(String)} cuts a node's power: its transport drops everything and its
 * scheduler stops. {@link #restart(String)} brings it back at the same address.
 *
 * <p>Counts what each node sent, received and lost ({@link #stats(String)}, {@link #report()}).
 * Not thread-safe, like the simulation.
 */
public final class SimulatedNetwork {

	/**
	 * The port of every node: memberlist's default.
	 */
	public static final int PORT = 7946;

	/**
	 * Hosts per /24 network used for addresses: 1 to 254.
	 */
	private static final int HOSTS_PER_SUBNET = 254;

	/**
	 * The implicit group of nodes named by no group of a partition.
	 */
	private static final int REST = -1;

	private final Simulation simulation;

	private final SplittableRandom random;

	private LinkConditions defaults;

	private final Map<Link, LinkConditions> links = new HashMap<>();

	private final Map<String, Host> hosts = new LinkedHashMap<>();

	private final Map<InetSocketAddress, Host> hostsByAddress = new HashMap<>();

	/**
	 * The group of each node named by the current partition, kept by name so that nodes
	 * created later join their group; each {@link Host} caches its own.
	 */
	private final Map<String, Integer> groups = new HashMap<>();

	private final Set<String> isolated = new HashSet<>();

	private final long[] drops = new long[DropCause.values().length];

	/**
	 * Creates a network of {@link LinkConditions#lan() LAN} links.
	 * @param simulation the timeline it runs on
	 */
	public SimulatedNetwork(Simulation simulation) {
		this(simulation, LinkConditions.lan());
	}

	/**
	 * Creates a network.
	 * @param simulation the timeline it runs on
	 * @param defaults the conditions of every link without an override
	 */
	public SimulatedNetwork(Simulation simulation, LinkConditions defaults) {
		this.simulation = Objects.requireNonNull(simulation, "simulation");
		this.defaults = Objects.requireNonNull(defaults, "defaults");
		this.random = simulation.random("network");
	}

	/**
	 * Returns the timeline this network runs on.
	 * @return the simulation
	 */
	public Simulation simulation() {
		return this.simulation;
	}

	// ---------------------------------------------------------------- nodes

	/**
	 * Returns the address of a node, assigning the next free one on first use. The n-th name
	 * (from 0) gets {@code 10.a.b.c:7946} with {@code c = n % 254 + 1}, {@code b = n / 254 % 256}
	 * and {@code a = n / (254 * 256)}: no DNS is involved.
	 * @param name the node's name
	 * @return its address
	 */
	public InetSocketAddress address(String name) {
		return host(name).address;
	}

	/**
	 * Returns the name of the node at an address.
	 * @param address the address
	 * @return the node's name, or empty if the address is nobody's
	 */
	public Optional<String> nameOf(InetSocketAddress address) {
		Host host = this.hostsByAddress.get(address);
		return (host != null) ? Optional.of(host.name) : Optional.empty();
	}

	/**
	 * Creates the transport of a node, at its address. The node must have no open transport:
	 * after a crash or a close, this gives the restarted node a new one.
	 * @param name the node's name
	 * @return a new transport, to be started
	 * @throws IllegalStateException if the node's transport is still open
	 */
	public Transport transport(String name) {
		Host host = host(name);
		SimulatedTransport current = host.transport;
		if (current != null && !current.closed) {
			throw new IllegalStateException("Node " + name + " already has an open transport: crash or close it first");
		}
		SimulatedTransport transport = new SimulatedTransport(this, host);
		host.transport = transport;
		return transport;
	}

	/**
	 * Starts an incarnation of a node: a new transport, the node's scheduler (a fresh one if
	 * it ran before), the clock, and a random source of its own for this incarnation.
	 * @param name the node's name
	 * @return what the node runs on
	 * @throws IllegalStateException if the node's transport is still open
	 */
	public SimulatedNode start(String name) {
		Transport transport = transport(name);
		int incarnation = ++host(name).starts;
		if (incarnation > 1) {
			// Timers left by the previous incarnation must not fire into the new one.
			this.simulation.stopScheduler(name);
		}
		return new SimulatedNode(name, transport.advertisedAddress(), transport, this.simulation.scheduler(name),
				this.simulation.clock(), this.simulation.random("node/" + name + "/" + incarnation));
	}

	/**
	 * Crashes a node if it runs, then starts it again at the same address.
	 * @param name the node's name
	 * @return what the new incarnation runs on
	 */
	public SimulatedNode restart(String name) {
		if (this.hosts.containsKey(name)) {
			crash(name);
		}
		return start(name);
	}

	/**
	 * Cuts a node's power: its transport drops everything from now on and never calls back,
	 * and its scheduler drops its pending and later tasks. Streams it was serving leave their
	 * senders to time out.
	 * @param name the node's name
	 * @throws IllegalArgumentException if the network has no such node
	 */
	public void crash(String name) {
		Host host = this.hosts.get(name);
		if (host == null) {
			throw new IllegalArgumentException("name must be a node of the network: " + name);
		}
		SimulatedTransport transport = host.transport;
		if (transport != null) {
			transport.crash();
		}
		this.simulation.stopScheduler(name);
	}

	/**
	 * Returns whether a node has a started, open transport.
	 * @param name the node's name
	 * @return whether it is up
	 */
	public boolean isUp(String name) {
		Host host = this.hosts.get(name);
		return host != null && host.isListening();
	}

	private Host host(String name) {
		Objects.requireNonNull(name, "name");
		Host host = this.hosts.get(name);
		if (host == null) {
			int n = this.hosts.size();
			byte[] ip = { 10, (byte) (n / (HOSTS_PER_SUBNET * 256)), (byte) (n / HOSTS_PER_SUBNET % 256),
					(byte) (n % HOSTS_PER_SUBNET + 1) };
			try {
				// No host name, as on addresses read from a socket.
				host = new Host(name, new InetSocketAddress(InetAddress.getByAddress(ip), PORT));
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException("A 4-byte address was refused: " + name, ex);
			}
			host.group = this.groups.getOrDefault(name, REST);
			host.isolated = this.isolated.contains(name);
			this.hosts.put(name, host);
			this.hostsByAddress.put(host.address, host);
		}
		return host;
	}

	// ---------------------------------------------------------------- links

	/**
	 * Returns the conditions of links without an override.
	 * @return the default conditions
	 */
	public LinkConditions defaults() {
		return this.defaults;
	}

	/**
	 * Sets the conditions of links without an override, from now on.
	 * @param defaults the default conditions
	 */
	public void setDefaults(LinkConditions defaults) {
		this.defaults = Objects.requireNonNull(defaults, "defaults");
	}

	/**
	 * Returns the conditions of one direction of a link.
	 * @param from the sender's name
	 * @param to the receiver's name
	 * @return its override, or the defaults
	 */
	public LinkConditions conditions(String from, String to) {
		if (this.links.isEmpty()) {
			return this.defaults;
		}
		return this.links.getOrDefault(new Link(from, to), this.defaults);
	}

	/**
	 * Overrides the conditions of one direction of a link, from now on. A loss of 1 makes an
	 * asymmetric packet partition (streams still pass).
	 * @param from the sender's name
	 * @param to the receiver's name
	 * @param conditions the conditions
	 */
	public void setConditions(String from, String to, LinkConditions conditions) {
		Objects.requireNonNull(conditions, "conditions");
		this.links.put(new Link(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to")), conditions);
	}

	/**
	 * Overrides the conditions of both directions of a link, from now on.
	 * @param one one node's name
	 * @param other the other node's name
	 * @param conditions the conditions
	 */
	public void setConditionsBothWays(String one, String other, LinkConditions conditions) {
		setConditions(one, other, conditions);
		setConditions(other, one, conditions);
	}

	/**
	 * Removes every override, so that all links have the defaults again.
	 */
	public void clearConditions() {
		this.links.clear();
	}

	// ---------------------------------------------------------------- faults

	/**
	 * Splits the network: nodes in different groups cannot reach each other, and nodes named
	 * in no group form one more group together. Replaces any earlier partition; isolations
	 * stay. Names of nodes that do not exist yet are allowed.
	 * @param groups the groups, each a set of node names
	 * @throws IllegalArgumentException if a node is in more than one group
	 */
	@SafeVarargs
	public final void partition(Set<String>... groups) {
		Map<String, Integer> groupOf = new HashMap<>();
		for (int i = 0; i < groups.length; i++) {
			for (String name : groups[i]) {
				Integer previous = groupOf.put(Objects.requireNonNull(name, "name"), i);
				if (previous != null && previous != i) {
					throw new IllegalArgumentException(
							"groups must be disjoint: " + name + " is in groups " + previous + " and " + i);
				}
			}
		}
		this.groups.clear();
		this.groups.putAll(groupOf);
		for (Host host : this.hosts.values()) {
			host.group = groupOf.getOrDefault(host.name, REST);
		}
	}

	/**
	 * Cuts a node off from every other, until {@link #reconnect(String)} or {@link #heal()}.
	 * @param name the node's name
	 */
	public void isolate(String name) {
		this.isolated.add(Objects.requireNonNull(name, "name"));
		Host host = this.hosts.get(name);
		if (host != null) {
			host.isolated = true;
		}
	}

	/**
	 * Undoes {@link #isolate(String)} for one node; partitions stay.
	 * @param name the node's name
	 */
	public void reconnect(String name) {
		this.isolated.remove(name);
		Host host = this.hosts.get(name);
		if (host != null) {
			host.isolated = false;
		}
	}

	/**
	 * Removes the partition and every isolation. Link conditions and crashes stay.
	 */
	public void heal() {
		this.groups.clear();
		this.isolated.clear();
		for (Host host : this.hosts.values()) {
			host.group = REST;
			host.isolated = false;
		}
	}

	/**
	 * Returns whether one node can reach another now: neither is isolated and both are in the
	 * same group of the partition. A node always reaches itself.
	 * @param from the sender's name
	 * @param to the receiver's name
	 * @return whether packets may pass
	 */
	public boolean canReach(String from, String to) {
		if (from.equals(to)) {
			return true;
		}
		if (this.isolated.contains(from) || this.isolated.contains(to)) {
			return false;
		}
		return this.groups.getOrDefault(from, REST).intValue() == this.groups.getOrDefault(to, REST).intValue();
	}

	/**
	 * The same as {@link #canReach(String, String)}, from the state each host caches: this is
	 * asked for every packet.
	 */
	static boolean canReach(Host from, Host to) {
		return from == to || (!from.isolated && !to.isolated && from.group == to.group);
	}

	// ---------------------------------------------------------------- statistics

	/**
	 * Returns what a node sent and received, over all its incarnations.
	 * @param name the node's name
	 * @return its statistics, empty for an unknown node
	 */
	public TrafficStats stats(String name) {
		Host host = this.hosts.get(name);
		return (host != null) ? host.traffic.snapshot() : TrafficStats.NONE;
	}

	/**
	 * Returns the sum of every node's statistics.
	 * @return the totals
	 */
	public TrafficStats totals() {
		TrafficStats totals = TrafficStats.NONE;
		for (Host host : this.hosts.values()) {
			totals = totals.plus(host.traffic.snapshot());
		}
		return totals;
	}

	/**
	 * Returns how many packet copies were dropped for a cause.
	 * @param cause the cause
	 * @return the number dropped
	 */
	public long dropped(DropCause cause) {
		return this.drops[cause.ordinal()];
	}

	/**
	 * Returns a table of the traffic of every node, headed by the seed, for a test's output.
	 * @return the report
	 */
	public String report() {
		StringBuilder report = new StringBuilder(toString()).append('\n');
		report.append(String.format("%-16s %10s %10s %10s %10s %12s %12s %8s %8s %8s %8s%n", "node", "sent",
				"received", "dropped", "duplicated", "bytes sent", "bytes recv", "streams", "ok", "failed",
				"accepted"));
		for (Host host : this.hosts.values()) {
			TrafficStats stats = host.traffic.snapshot();
			report.append(String.format("%-16s %10d %10d %10d %10d %12d %12d %8d %8d %8d %8d%n", host.name,
					stats.packetsSent(), stats.packetsReceived(), stats.packetsDropped(), stats.packetsDuplicated(),
					stats.bytesSent(), stats.bytesReceived(), stats.streamsOpened(), stats.streamsSucceeded(),
					stats.streamsFailed(), stats.streamsAccepted()));
		}
		return report.toString();
	}

	/**
	 * Returns a one-line summary: the seed, the time, the nodes and the drops by cause.
	 * @return the summary
	 */
	@Override
	public String toString() {
		StringBuilder summary = new StringBuilder("SimulatedNetwork[seed=").append(this.simulation.seed())
			.append(", now=")
			.append(this.simulation.now())
			.append(", nodes=")
			.append(this.hosts.size())
			.append(", dropped={");
		DropCause[] causes = DropCause.values();
		for (int i = 0; i < causes.length; i++) {
			summary.append((i > 0) ? ", " : "").append(causes[i]).append('=').append(this.drops[i]);
		}
		return summary.append("}]").toString();
	}

	// ---------------------------------------------------------------- moving bytes

	void sendPacket(SimulatedTransport sender, InetSocketAddress to, byte[] packet) {
		Host from = sender.host;
		Traffic traffic = from.traffic;
		traffic.packetsSent++;
		traffic.bytesSent += packet.length;
		if (sender.closed) {
			drop(traffic, DropCause.SENDER_DOWN);
			return;
		}
		Host receiver = this.hostsByAddress.get(to);
		if (receiver == null) {
			drop(traffic, DropCause.UNKNOWN_ADDRESS);
			return;
		}
		if (!canReach(from, receiver)) {
			drop(traffic, DropCause.PARTITION);
			return;
		}
		LinkConditions link = conditions(from.name, receiver.name);
		if (link.loss() > 0 && this.random.nextDouble() < link.loss()) {
			drop(traffic, DropCause.LOSS);
			return;
		}
		int copies = 1;
		if (link.duplication() > 0 && this.random.nextDouble() < link.duplication()) {
			traffic.packetsDuplicated++;
			copies = 2;
		}
		for (int i = 0; i < copies; i++) {
			byte[] copy = packet.clone();
			this.simulation.enqueue(sampleDelay(link), () -> deliverPacket(from, receiver, copy), null, receiver.name);
		}
	}

	private void deliverPacket(Host from, Host receiver, byte[] packet) {
		SimulatedTransport target = receiver.transport;
		if (target == null || !target.isListening()) {
			drop(from.traffic, DropCause.RECEIVER_DOWN);
			return;
		}
		if (!canReach(from, receiver)) {
			drop(from.traffic, DropCause.PARTITION);
			return;
		}
		receiver.traffic.packetsReceived++;
		receiver.traffic.bytesReceived += packet.length;
		target.handler().packet(from.address, packet);
	}

	void openStream(SimulatedTransport sender, InetSocketAddress to, byte[] request, boolean expectReply,
			Duration timeout, Transport.StreamCallback callback) {
		if (sender.crashed) {
			return;
		}
		sender.host.traffic.streamsOpened++;
		sender.host.traffic.streamBytesSent += request.length;
		StreamExchange.open(this, sender, this.hostsByAddress.get(to), request.clone(), expectReply, timeout,
				callback);
	}

	/**
	 * Draws how long one packet or stream segment takes on a link.
	 * @param from the sender
	 * @param to the receiver
	 * @return the delay in nanoseconds
	 */
	long sampleDelay(Host from, Host to) {
		return sampleDelay(conditions(from.name, to.name));
	}

	private long sampleDelay(LinkConditions link) {
		long delay = Simulation.saturatedNanos(link.delay());
		long jitter = Simulation.saturatedNanos(link.jitter());
		if (jitter > 0) {
			// Uniform over [0, jitter], both ends included.
			delay = Simulation.saturatedAdd(delay, (jitter == Long.MAX_VALUE) ? this.random.nextLong(0, jitter)
					: this.random.nextLong(jitter + 1));
		}
		return delay;
	}

	private void drop(Traffic traffic, DropCause cause) {
		traffic.packetsDropped++;
		this.drops[cause.ordinal()]++;
	}

	/**
	 * One direction of a link.
	 */
	private record Link(String from, String to) {

	}

	/**
	 * A node of the network across its incarnations: its address, its current transport, its
	 * counts, and where partitions put it.
	 */
	static final class Host {

		final String name;

		final InetSocketAddress address;

		final Traffic traffic = new Traffic();

		@Nullable SimulatedTransport transport;

		int starts;

		int group = REST;

		boolean isolated;

		Host(String name, InetSocketAddress address) {
			this.name = name;
			this.address = address;
		}

		/**
		 * Returns whether the node's current transport is started and open.
		 * @return whether it listens
		 */
		boolean isListening() {
			SimulatedTransport transport = this.transport;
			return transport != null && transport.isListening();
		}

	}

	/**
	 * The running counts of one node, across its incarnations.
	 */
	static final class Traffic {

		long packetsSent;

		long bytesSent;

		long packetsReceived;

		long bytesReceived;

		long packetsDropped;

		long packetsDuplicated;

		long streamsOpened;

		long streamsSucceeded;

		long streamsFailed;

		long streamsAccepted;

		long streamBytesSent;

		TrafficStats snapshot() {
			return new TrafficStats(this.packetsSent, this.bytesSent, this.packetsReceived, this.bytesReceived,
					this.packetsDropped, this.packetsDuplicated, this.streamsOpened, this.streamsSucceeded,
					this.streamsFailed, this.streamsAccepted, this.streamBytesSent);
		}

	}

}
