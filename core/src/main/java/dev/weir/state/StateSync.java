package dev.weir.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.weir.cluster.Cluster;
import dev.weir.cluster.ClusterExtension;
import dev.weir.cluster.ClusterMember;
import dev.weir.cluster.LamportClock;
import dev.weir.cluster.MemberStatus;
import dev.weir.gossip.Scheduler;
import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;

/**
 * Carries {@link ReplicatedState}s over a {@link Cluster}: once per interval it gossips, as
 * Weir's own message type, what changed in each state since the last interval; it merges what
 * peers gossip and passes on what was new; and it adds a snapshot of every state to each
 * push-pull exchange, which brings a joining or healed node up to date however much happened
 * meanwhile. Every message is stamped with a Lamport time, witnessed on receipt.
 *
 * <p>Serf agents in the cluster log Weir's messages as of an unknown type and drop them, and
 * ignore the snapshots that follow serf's own push-pull state.
 */
public final class StateSync implements ClusterExtension {

	private static final Logger logger = LoggerFactory.getLogger(StateSync.class);

	/**
	 * The most bytes of snapshots one push-pull exchange carries: well under memberlist's 20 MB
	 * stream limit, which Weir's own state shares with the membership state.
	 */
	public static final int MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;

	/**
	 * Up to how many alive members changes are sent straight to each, unless told otherwise.
	 */
	public static final int DEFAULT_DIRECT_MAX_MEMBERS = 64;

	/** What a delta's framing costs beyond the delta: the state's id, the Lamport time, headers. */
	private static final int FRAMING = 320;

	private final Cluster cluster;

	private final Scheduler scheduler;

	private final Duration interval;

	private final int maxDeltaBytes;

	private final int directMaxMembers;

	private final Map<String, ReplicatedState> states = new LinkedHashMap<>();

	private final LamportClock clock = new LamportClock();

	private final LongAdder deltasSent = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder deltasReceived = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder snapshotsMerged = new LongAdder();

	private final LongAdder snapshotsLeftOut = new LongAdder();

	private volatile boolean running;

	/** Every how many intervals the windows that are over are dropped. */
	private static final int EXPIRY_TICKS = 50;

	private long ticks;

	/** How many members are alive, this one included, as of the last membership update. */
	private int aliveMembers = 1;

	private Scheduler.Cancellable timer = () -> {
	};

	/**
	 * Creates the sync of one node and attaches it to its cluster; call before the cluster
	 * starts.
	 * @param cluster the cluster
	 * @param scheduler the cluster's scheduler
	 * @param interval how often changes are gossiped, such as the gossip interval
	 * @param packetSize the largest gossip packet, from which the largest delta follows
	 */
	public StateSync(Cluster cluster, Scheduler scheduler, Duration interval, int packetSize) {
		this(cluster, scheduler, interval, packetSize, DEFAULT_DIRECT_MAX_MEMBERS);
	}

	/**
	 * Creates the sync of one node and attaches it to its cluster; call before the cluster
	 * starts.
	 * @param cluster the cluster
	 * @param scheduler the cluster's scheduler
	 * @param interval how often changes are gossiped, such as the gossip interval
	 * @param packetSize the largest gossip packet, from which the largest delta follows
	 * @param directMaxMembers up to how many alive members changes are also sent straight to each
	 * of them; 0 for gossip alone
	 */
	public StateSync(Cluster cluster, Scheduler scheduler, Duration interval, int packetSize, int directMaxMembers) {
		this.cluster = Objects.requireNonNull(cluster, "cluster");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive: " + interval);
		}
		this.interval = interval;
		this.maxDeltaBytes = packetSize - FRAMING;
		if (this.maxDeltaBytes < 128) {
			throw new IllegalArgumentException("packets of " + packetSize + " bytes leave no room for deltas");
		}
		if (directMaxMembers < 0) {
			throw new IllegalArgumentException("directMaxMembers must not be negative: " + directMaxMembers);
		}
		this.directMaxMembers = directMaxMembers;
		cluster.attach(this);
	}

	/**
	 * Adds a state to replicate, before {@link #start()}.
	 * @param state the state
	 * @throws IllegalArgumentException if another state has its id
	 */
	public void register(ReplicatedState state) {
		String id = state.id();
		if (id.getBytes(StandardCharsets.UTF_8).length > 255) {
			throw new IllegalArgumentException("state id longer than 255 bytes: " + id);
		}
		synchronized (this.states) {
			if (this.states.putIfAbsent(id, state) != null) {
				throw new IllegalArgumentException("two states have the id '" + id + "'");
			}
		}
		if (state instanceof CounterStore counters) {
			counters.epochLength(this.interval);
		}
	}

	/**
	 * Returns the Lamport clock that stamps this node's state messages, which replicated caches
	 * order their writes by.
	 * @return the clock
	 */
	public LamportClock clock() {
		return this.clock;
	}

	/**
	 * Starts gossiping changes every interval.
	 */
	public void start() {
		this.running = true;
		this.scheduler.execute(() -> {
			updateMembership();
			scheduleNext();
		});
	}

	/**
	 * Gossips the last changes at once and stops; the cluster may then leave.
	 */
	public void stop() {
		this.scheduler.execute(() -> {
			if (this.running) {
				this.running = false;
				this.timer.cancel();
				flush();
			}
		});
	}

	private void scheduleNext() {
		if (this.running) {
			this.timer = this.scheduler.schedule(this.interval, () -> {
				try {
					tick();
				}
				catch (RuntimeException ex) {
					logger.warn("State sync failed; retrying next interval", ex);
				}
				scheduleNext();
			});
		}
	}

	/**
	 * One interval: tells counters the membership and a new epoch, drops the windows that are
	 * over now and then, and gossips the changes.
	 */
	void tick() {
		updateMembership();
		this.ticks++;
		for (ReplicatedState state : states()) {
			if (state instanceof CounterStore counters) {
				counters.tick();
				if (this.ticks % EXPIRY_TICKS == 0) {
					counters.expire();
				}
			}
		}
		flush();
	}

	/**
	 * Tells counters how many members are alive and this node's place among them, which their
	 * shares of a limit follow: at start, every interval, and after each state exchange, which is
	 * when a joining node first learns of the others.
	 */
	private void updateMembership() {
		List<String> alive = new ArrayList<>();
		for (ClusterMember member : this.cluster.members()) {
			if (member.status() == MemberStatus.ALIVE) {
				alive.add(member.name());
			}
		}
		String self = this.cluster.gossip().name();
		if (!alive.contains(self)) {
			alive.add(self);
		}
		alive.sort(null);
		this.aliveMembers = alive.size();
		int rank = alive.indexOf(self);
		for (ReplicatedState state : states()) {
			if (state instanceof CounterStore counters) {
				counters.membership(alive.size(), rank);
			}
		}
	}

	/**
	 * Sends the changes: while the cluster is small enough, straight to every alive member, so
	 * that a claim reaches the others within the interval (and a cache entry also by gossip from
	 * this node only, which repairs a lost packet); in a larger cluster by gossip alone, where
	 * every node that learns something passes it on.
	 */
	private void flush() {
		boolean direct = this.aliveMembers <= this.directMaxMembers;
		for (ReplicatedState state : states()) {
			for (byte[] delta : state.drainDeltas(this.maxDeltaBytes)) {
				byte[] message = new MsgpackWriter(delta.length + 32).arrayHeader(4)
					.string(state.id())
					.integer(this.clock.increment())
					.bytes(delta)
					.bool(direct)
					.toByteArray();
				if (direct) {
					this.cluster.sendToAll(message);
				}
				if (!direct || !(state instanceof CounterStore)) {
					// A counter's next delta carries its slot's newer value, and push-pull the rest:
					// gossiping it too would only crowd the gossip that membership needs.
					this.cluster.broadcast(message);
				}
				this.deltasSent.increment();
				this.bytesSent.add(message.length);
			}
		}
	}

	private List<ReplicatedState> states() {
		synchronized (this.states) {
			return List.copyOf(this.states.values());
		}
	}

	private ReplicatedState state(String id) throws MalformedMessageException {
		ReplicatedState state;
		synchronized (this.states) {
			state = this.states.get(id);
		}
		if (state == null) {
			throw new MalformedMessageException(DropReason.UNKNOWN_TYPE, "no replicated state '" + id + "' here");
		}
		return state;
	}

	@Override
	public boolean receive(byte[] message) {
		try {
			MsgpackReader reader = new MsgpackReader(message);
			if (reader.arrayHeader() != 4) {
				throw new MalformedMessageException(DropReason.MALFORMED, "a state message has 4 elements");
			}
			ReplicatedState state = state(reader.string());
			this.clock.witness(reader.integer());
			byte[] delta = reader.bytesOrEmpty();
			boolean direct = reader.bool();
			reader.expectEnd();
			this.deltasReceived.increment();
			// A delta sent to everyone directly reached the others too: not passed on.
			return state.mergeDelta(delta) && !direct;
		}
		catch (MalformedMessageException ex) {
			this.dropped.increment();
			logger.debug("Dropped a state message: {}", ex.getMessage());
			return false;
		}
	}

	/**
	 * Returns every state's snapshot, counters first, leaving out a snapshot that would take the
	 * whole past {@link #MAX_SNAPSHOT_BYTES}, so that a large cache cannot make the push-pull
	 * stream too long for memberlist's limit and cost the membership exchange it rides on.
	 */
	@Override
	public byte[] localState(boolean join) {
		List<ReplicatedState> states = new ArrayList<>(states());
		states.sort((a, b) -> Boolean.compare(!(a instanceof CounterStore), !(b instanceof CounterStore)));
		List<String> ids = new ArrayList<>(states.size());
		List<byte[]> snapshots = new ArrayList<>(states.size());
		int size = 32;
		for (ReplicatedState state : states) {
			byte[] snapshot = state.snapshot();
			int cost = snapshot.length + state.id().length() * 3 + 16;
			if (size + cost > MAX_SNAPSHOT_BYTES) {
				this.snapshotsLeftOut.increment();
				logger.warn("Left the snapshot of '{}' ({} bytes) out of a state exchange: with the others it would pass"
						+ " {} bytes; it still travels by deltas", state.id(), snapshot.length, MAX_SNAPSHOT_BYTES);
				continue;
			}
			ids.add(state.id());
			snapshots.add(snapshot);
			size += cost;
		}
		MsgpackWriter writer = new MsgpackWriter(size).arrayHeader(2).integer(this.clock.time()).mapHeader(ids.size());
		for (int i = 0; i < ids.size(); i++) {
			writer.string(ids.get(i)).bytes(snapshots.get(i));
		}
		return writer.toByteArray();
	}

	@Override
	public void mergeRemoteState(byte[] state, boolean join) {
		try {
			MsgpackReader reader = new MsgpackReader(state);
			if (reader.arrayHeader() != 2) {
				throw new MalformedMessageException(DropReason.MALFORMED, "a state snapshot has 2 elements");
			}
			this.clock.witness(reader.integer());
			int entries = reader.mapHeader();
			for (int i = 0; i < entries; i++) {
				String id = reader.string();
				byte[] snapshot = reader.bytesOrEmpty();
				ReplicatedState replicated;
				synchronized (this.states) {
					replicated = this.states.get(id);
				}
				if (replicated != null) {
					replicated.mergeSnapshot(snapshot);
				}
			}
			this.snapshotsMerged.increment();
			updateMembership();
		}
		catch (MalformedMessageException ex) {
			this.dropped.increment();
			logger.debug("Dropped a state snapshot: {}", ex.getMessage());
		}
	}

	/**
	 * Returns how many deltas this node has gossiped.
	 * @return the count
	 */
	public long deltasSent() {
		return this.deltasSent.sum();
	}

	/**
	 * Returns how many bytes of deltas this node has gossiped, before retransmissions.
	 * @return the count
	 */
	public long bytesSent() {
		return this.bytesSent.sum();
	}

	/**
	 * Returns how many deltas this node has received, duplicates included.
	 * @return the count
	 */
	public long deltasReceived() {
		return this.deltasReceived.sum();
	}

	/**
	 * Returns how many peers' snapshots this node has merged, in push-pull exchanges.
	 * @return the count
	 */
	public long snapshotsMerged() {
		return this.snapshotsMerged.sum();
	}

	/**
	 * Returns how many of Weir's messages waiting to be gossiped were dropped because too many
	 * waited: the sign of a gossip that cannot keep up with the changes.
	 * @return the count
	 */
	public long gossipDropped() {
		return this.cluster.droppedWeirMessages();
	}

	/**
	 * Returns how many snapshots were left out of state exchanges for their size.
	 * @return the count
	 */
	public long snapshotsLeftOut() {
		return this.snapshotsLeftOut.sum();
	}

	/**
	 * Returns how many state messages and snapshots were dropped as malformed or for a state
	 * this node does not have.
	 * @return the count
	 */
	public long dropped() {
		return this.dropped.sum();
	}

}
