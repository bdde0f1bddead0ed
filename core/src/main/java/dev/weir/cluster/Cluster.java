package dev.weir.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.weir.cluster.message.ConflictResponse;
import dev.weir.cluster.message.JoinIntent;
import dev.weir.cluster.message.LeaveIntent;
import dev.weir.cluster.message.Query;
import dev.weir.cluster.message.QueryResponse;
import dev.weir.cluster.message.SerfMessage;
import dev.weir.cluster.message.SerfMessages;
import dev.weir.cluster.message.SerfPushPull;
import dev.weir.cluster.message.Tags;
import dev.weir.cluster.message.UserEvent;
import dev.weir.discovery.SeedProvider;
import dev.weir.gossip.BroadcastQueue;
import dev.weir.gossip.GossipConfig;
import dev.weir.gossip.GossipDelegate;
import dev.weir.gossip.GossipNode;
import dev.weir.gossip.Member;
import dev.weir.gossip.MembershipListener;
import dev.weir.gossip.Scheduler;
import dev.weir.gossip.transport.Transport;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.NodeState;
import dev.weir.gossip.wire.Versions;
import dev.weir.time.Clock;

/**
 * A member of a cluster, compatible with serf: members alive, leaving, left or failed, ordered
 * by a Lamport clock; join and leave intents; user events ordered by an event clock, kept in a
 * buffer that joining nodes receive; queries answered; failed members retried and forgotten
 * after the reconnect timeout, left ones after the tombstone timeout.
 *
 * <p>It runs on a {@link GossipNode}, as serf runs on memberlist, and shares its event loop:
 * every piece of state here is touched only there. Public methods may be called from any thread.
 */
public final class Cluster {

	private static final Logger logger = LoggerFactory.getLogger(Cluster.class);

	private static final String INTERNAL_QUERY_PREFIX = "_serf_";

	private static final int QUERY_BUFFER_SIZE = 512;

	private static final Duration RECENT_INTENT_TIMEOUT = Duration.ofMinutes(5);

	/**
	 * The type byte of Weir's own messages among serf's, and the marker of Weir's state after
	 * serf's in a push-pull exchange: {@code 'W'}, far from serf's types (0 to 9).
	 */
	public static final int WEIR_MESSAGE_TYPE = 0x57;

	/**
	 * How many of Weir's own messages wait to be gossiped at most; the oldest are dropped
	 * first. A dropped message is not lost for good: push-pull exchanges carry the state too.
	 */
	private static final int MAX_QUEUED_WEIR_MESSAGES = 4096;

	private final ClusterConfig config;

	private final GossipNode node;

	private final Scheduler scheduler;

	private final Clock clock;

	private final RandomGenerator random;

	private final ClusterListener listener;

	private final LamportClock memberClock = new LamportClock();

	private final LamportClock eventClock = new LamportClock();

	private final LamportClock queryClock = new LamportClock();

	private final Map<String, MemberRecord> members = new LinkedHashMap<>();

	private final Map<String, Intent> recentIntents = new HashMap<>();

	private final @Nullable EventSlot[] eventBuffer;

	private final QuerySlot[] queryBuffer = new QuerySlot[QUERY_BUFFER_SIZE];

	private final BroadcastQueue intents;

	private final BroadcastQueue events;

	private final BroadcastQueue queries;

	private final BroadcastQueue weirMessages;

	private volatile @Nullable ClusterExtension extension;

	private final LongAdder droppedWeirMessages = new LongAdder();

	private final List<Scheduler.Cancellable> timers = new ArrayList<>();

	private volatile List<ClusterMember> snapshot = List.of();

	private volatile QueryHandler queryHandler = (name, payload) -> null;

	private volatile Map<String, String> tags;

	private long eventMinTime;

	private boolean ignoreOldEvents;

	/**
	 * User events that arrived while a join that ignores old events waited for the member's
	 * state: gossip may bring an old event before the push-pull reply that says how old is old.
	 */
	private final List<UserEvent> heldEvents = new ArrayList<>();

	private int liveMembers = 1;

	private boolean publishPending;

	private static final long PUBLISH_DELAY_MILLIS = 10;

	private static final Duration PUBLISH_DELAY = Duration.ofMillis(PUBLISH_DELAY_MILLIS);

	private boolean leaving;

	private Scheduler.@Nullable Cancellable rejoin;

	/**
	 * Creates a cluster member; it does nothing until {@link #start()}.
	 * @param gossip the gossip configuration (name, timings, keyring)
	 * @param config the cluster configuration (tags, event buffer, timeouts)
	 * @param transport how it reaches others
	 * @param scheduler its event loop
	 * @param clock its clock
	 * @param random its random source
	 * @param nonces where encryption nonces come from
	 * @param listener told of members and events
	 */
	public Cluster(GossipConfig gossip, ClusterConfig config, Transport transport, Scheduler scheduler, Clock clock,
			RandomGenerator random, RandomGenerator nonces, ClusterListener listener) {
		this.config = Objects.requireNonNull(config, "config");
		this.scheduler = scheduler;
		this.clock = clock;
		this.random = random;
		this.listener = Objects.requireNonNull(listener, "listener");
		this.eventBuffer = new EventSlot[config.eventBufferSize()];
		this.intents = new BroadcastQueue(gossip.retransmitMult(), this::memberCount);
		this.events = new BroadcastQueue(gossip.retransmitMult(), this::memberCount);
		this.queries = new BroadcastQueue(gossip.retransmitMult(), this::memberCount);
		this.weirMessages = new BroadcastQueue(gossip.retransmitMult(), this::memberCount);
		Tags.encode(config.tags());
		this.tags = config.tags();
		this.node = new GossipNode(gossip, transport, scheduler, clock, random, nonces, new Delegate(), new Members());
	}

	// ---------------------------------------------------------------- public API

	/**
	 * Starts gossiping.
	 * @return a future that completes when the node runs
	 */
	public CompletableFuture<Void> start() {
		return this.node.start().thenRun(() -> this.scheduler.execute(() -> {
			this.timers.add(every(this.config.reapInterval(), this::reap));
			this.timers.add(every(this.config.reconnectInterval(), this::reconnect));
		}));
	}

	/**
	 * Joins a cluster through some of its members, then tells everyone with a join intent.
	 * @param seeds addresses of members
	 * @param replayEvents whether to deliver the events the members still buffer (serf's
	 * {@code -replay}); otherwise only events newer than the join are delivered
	 * @return a future of the number of members that answered
	 */
	public CompletableFuture<Integer> join(List<InetSocketAddress> seeds, boolean replayEvents) {
		this.scheduler.execute(() -> this.ignoreOldEvents = !replayEvents);
		return this.node.join(seeds).whenComplete((count, failure) -> this.scheduler.execute(() -> {
			this.ignoreOldEvents = false;
			List<UserEvent> held = List.copyOf(this.heldEvents);
			this.heldEvents.clear();
			held.forEach(this::handleUserEvent);
			if (failure == null) {
				broadcastIntent(new JoinIntent(this.memberClock.time(), this.node.name()));
			}
		}));
	}

	/**
	 * Re-asks discovery for seeds every interval and joins those that are not alive members,
	 * whether or not this node is alone: so that a cluster split for longer than the reconnect
	 * timeout, whose halves have forgotten each other, heals by itself, as does one whose
	 * members all restarted. Serf has no such loop (its agent re-joins only at startup); this
	 * is Weir's. A later call replaces the provider and interval; {@link #shutdown()} stops it.
	 * @param seeds where seeds come from
	 * @param interval how often to ask
	 * @throws IllegalArgumentException if the interval is not positive
	 */
	public void rejoinFrom(SeedProvider seeds, Duration interval) {
		Objects.requireNonNull(seeds, "seeds");
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive: " + interval);
		}
		this.scheduler.execute(() -> {
			Scheduler.Cancellable previous = this.rejoin;
			if (previous != null) {
				previous.cancel();
				this.timers.remove(previous);
			}
			Scheduler.Cancellable timer = every(interval, () -> rejoin(seeds));
			this.rejoin = timer;
			this.timers.add(timer);
		});
	}

	/**
	 * Leaves gracefully: gossips a leave intent until it has spread, then leaves the gossip
	 * layer, then waits for that to spread too. Others then show this member as left.
	 * @param timeout the longest wait for each of the two steps
	 * @return a future that completes when the leave is done
	 */
	public CompletableFuture<Void> leave(Duration timeout) {
		CompletableFuture<Void> intentSpread = new CompletableFuture<>();
		this.scheduler.execute(() -> {
			this.leaving = true;
			MemberRecord self = this.members.get(this.node.name());
			if (self != null) {
				self.status = MemberStatus.LEAVING;
				publish();
			}
			LeaveIntent intent = new LeaveIntent(this.memberClock.time(), this.node.name(), false);
			this.memberClock.increment();
			handleLeaveIntent(intent);
			if (liveOthersNow() == 0) {
				intentSpread.complete(null);
				return;
			}
			this.intents.enqueue(null, intent.encode(), () -> intentSpread.complete(null));
			Scheduler.Cancellable deadline = this.scheduler.schedule(timeout, () -> intentSpread.complete(null));
			intentSpread.whenComplete((ignored, failure) -> deadline.cancel());
		});
		return intentSpread.thenCompose((ignored) -> this.node.leave(timeout))
			.thenCompose((ignored) -> delay(this.config.leavePropagateDelay()))
			.thenRun(() -> this.scheduler.execute(() -> {
				MemberRecord self = this.members.get(this.node.name());
				if (self != null) {
					self.status = MemberStatus.LEFT;
					publish();
				}
			}));
	}

	/**
	 * Stops gossiping and closes the transport; {@link #leave(Duration)} first to tell others.
	 */
	public void shutdown() {
		this.scheduler.execute(() -> {
			this.timers.forEach(Scheduler.Cancellable::cancel);
			this.timers.clear();
		});
		this.node.shutdown();
	}

	/**
	 * Sends a user event to every member (and delivers it here).
	 * @param name the event's name
	 * @param payload its payload
	 * @param coalesce whether receivers may deliver only the newest event of this name
	 * @return a future that completes when the event is queued
	 * @throws IllegalArgumentException if name and payload exceed the size limit
	 */
	public CompletableFuture<Void> sendUserEvent(String name, byte[] payload, boolean coalesce) {
		int size = name.getBytes(StandardCharsets.UTF_8).length + payload.length;
		if (size > this.config.userEventSizeLimit()) {
			throw new IllegalArgumentException("user event of " + size + " bytes exceeds the limit of "
					+ this.config.userEventSizeLimit());
		}
		byte[] copy = payload.clone();
		CompletableFuture<Void> queued = new CompletableFuture<>();
		this.scheduler.execute(() -> {
			UserEvent event = new UserEvent(this.eventClock.time(), name, copy, coalesce);
			this.eventClock.increment();
			handleUserEvent(event);
			queued.complete(null);
		});
		return queued;
	}

	/**
	 * Attaches Weir's own layer, such as replicated state, before {@link #start()}.
	 * @param extension the layer
	 * @throws IllegalStateException if one is attached already
	 */
	public void attach(ClusterExtension extension) {
		Objects.requireNonNull(extension, "extension");
		if (this.extension != null) {
			throw new IllegalStateException("an extension is attached already");
		}
		this.extension = extension;
	}

	/**
	 * Gossips one of Weir's own messages to every member; the attached
	 * {@link ClusterExtension} of each receives it. Members that run serf drop it.
	 * @param message the message, at most what one gossip packet carries
	 */
	public void broadcast(byte[] message) {
		byte[] typed = new byte[message.length + 1];
		typed[0] = (byte) WEIR_MESSAGE_TYPE;
		System.arraycopy(message, 0, typed, 1, message.length);
		this.scheduler.execute(() -> queueWeirMessage(typed));
	}

	private void queueWeirMessage(byte[] typed) {
		this.weirMessages.enqueue(null, typed, null);
		int excess = this.weirMessages.size() - MAX_QUEUED_WEIR_MESSAGES;
		if (excess > 0) {
			this.weirMessages.prune(MAX_QUEUED_WEIR_MESSAGES);
			this.droppedWeirMessages.add(excess);
		}
	}

	/**
	 * Returns how many of Weir's own messages were dropped unsent, or before their last
	 * retransmission, because too many waited.
	 * @return the count
	 */
	public long droppedWeirMessages() {
		return this.droppedWeirMessages.sum();
	}

	/**
	 * Sends one of Weir's own messages straight to every alive member, each in a packet of its
	 * own, as memberlist's best-effort send does: one hop instead of gossip's several rounds, at
	 * the cost of a packet per member. A lost packet is not sent again.
	 * @param message the message, at most what one packet carries
	 */
	public void sendToAll(byte[] message) {
		byte[] typed = new byte[message.length + 1];
		typed[0] = (byte) WEIR_MESSAGE_TYPE;
		System.arraycopy(message, 0, typed, 1, message.length);
		this.scheduler.execute(() -> {
			String self = this.node.name();
			for (Member member : this.node.members()) {
				if (member.state() == NodeState.ALIVE && !member.name().equals(self)) {
					this.node.sendUserMessage(member.address(), typed);
				}
			}
		});
	}

	/**
	 * Replaces this node's tags, as serf's {@code SetTags} does: the new tags travel as node
	 * meta with a new incarnation, so others see a member update, and tag filters of queries
	 * match against them from now on.
	 * @param tags the new tags
	 * @return a future that completes when the change is gossiped
	 * @throws IllegalArgumentException if the tags take more than 512 bytes encoded
	 */
	public CompletableFuture<Void> updateTags(Map<String, String> tags) {
		Map<String, String> copy = Map.copyOf(tags);
		Tags.encode(copy);
		CompletableFuture<Void> updated = new CompletableFuture<>();
		this.scheduler.execute(() -> {
			this.tags = copy;
			MemberRecord self = this.members.get(this.node.name());
			if (self != null) {
				self.tags = copy;
				publish();
				this.listener.memberUpdated(self.snapshot());
			}
			this.node.updateMeta();
			updated.complete(null);
		});
		return updated;
	}

	/**
	 * Sets what answers user queries: given a query's name and payload, the response, or
	 * {@code null} for none.
	 * @param handler the handler
	 */
	public void onQuery(QueryHandler handler) {
		this.queryHandler = Objects.requireNonNull(handler, "handler");
	}

	/**
	 * Answers queries.
	 */
	@FunctionalInterface
	public interface QueryHandler {

		/**
		 * Answers a query.
		 * @param name the query's name
		 * @param payload its payload
		 * @return the response, or {@code null} for none
		 */
		byte @Nullable [] answer(String name, byte[] payload);

	}

	/**
	 * Returns every member this node knows, itself included, in any status not yet reaped.
	 * @return a snapshot
	 */
	public List<ClusterMember> members() {
		return this.snapshot;
	}

	/**
	 * Returns this node's member, or {@code null} before it started.
	 * @return the local member
	 */
	public @Nullable ClusterMember localMember() {
		String name = this.node.name();
		return this.snapshot.stream().filter((member) -> member.name().equals(name)).findFirst().orElse(null);
	}

	/**
	 * Returns the gossip node underneath.
	 * @return the node
	 */
	public GossipNode gossip() {
		return this.node;
	}

	/**
	 * Returns the member clock's time.
	 * @return the time
	 */
	public long memberTime() {
		return this.memberClock.time();
	}

	/**
	 * Returns the event clock's time.
	 * @return the time
	 */
	public long eventTime() {
		return this.eventClock.time();
	}

	/**
	 * Returns the query clock's time.
	 * @return the time
	 */
	public long queryTime() {
		return this.queryClock.time();
	}

	// ---------------------------------------------------------------- gossip callbacks

	private final class Delegate implements GossipDelegate {

		@Override
		public byte[] nodeMeta() {
			return Tags.encode(Cluster.this.tags);
		}

		@Override
		public void notifyMessage(byte[] payload) {
			if (payload.length > 0 && (payload[0] & 0xff) == WEIR_MESSAGE_TYPE) {
				ClusterExtension weir = Cluster.this.extension;
				if (weir != null && weir.receive(Arrays.copyOfRange(payload, 1, payload.length))) {
					queueWeirMessage(payload.clone());
				}
				return;
			}
			SerfMessage message;
			try {
				message = SerfMessages.decode(payload);
			}
			catch (MalformedMessageException ex) {
				logger.debug("Dropped a serf message: {}", ex.getMessage());
				return;
			}
			boolean rebroadcast = false;
			BroadcastQueue queue = Cluster.this.intents;
			if (message instanceof JoinIntent join) {
				rebroadcast = handleJoinIntent(join);
			}
			else if (message instanceof LeaveIntent leave) {
				rebroadcast = handleLeaveIntent(leave);
			}
			else if (message instanceof UserEvent event) {
				rebroadcast = handleUserEvent(event);
				return;
			}
			else if (message instanceof Query query) {
				rebroadcast = handleQuery(query);
				queue = Cluster.this.queries;
			}
			if (rebroadcast) {
				queue.enqueue(null, payload.clone(), null);
			}
		}

		@Override
		public List<byte[]> broadcasts(int overhead, int limit) {
			List<byte[]> messages = new ArrayList<>(Cluster.this.intents.take(overhead, limit));
			int used = used(messages, overhead);
			messages.addAll(Cluster.this.queries.take(overhead, limit - used));
			used = used(messages, overhead);
			messages.addAll(Cluster.this.events.take(overhead, limit - used));
			used = used(messages, overhead);
			messages.addAll(Cluster.this.weirMessages.take(overhead, limit - used));
			return messages;
		}

		private static int used(List<byte[]> messages, int overhead) {
			int used = 0;
			for (byte[] message : messages) {
				used += overhead + message.length;
			}
			return used;
		}

		@Override
		public byte[] localState(boolean join) {
			Map<String, Long> status = new LinkedHashMap<>();
			List<String> left = new ArrayList<>();
			for (MemberRecord member : Cluster.this.members.values()) {
				status.put(member.name, member.statusLamportTime);
				if (member.status == MemberStatus.LEFT) {
					left.add(member.name);
				}
			}
			List<SerfPushPull.@Nullable EventSlot> slots = new ArrayList<>(Cluster.this.eventBuffer.length);
			for (EventSlot slot : Cluster.this.eventBuffer) {
				slots.add((slot != null) ? slot.toWire() : null);
			}
			byte[] serf = new SerfPushPull(Cluster.this.memberClock.time(), status, left, Cluster.this.eventClock.time(),
					slots, Cluster.this.queryClock.time())
				.encode();
			ClusterExtension weir = Cluster.this.extension;
			if (weir == null) {
				return serf;
			}
			byte[] own = weir.localState(join);
			byte[] state = Arrays.copyOf(serf, serf.length + 1 + own.length);
			state[serf.length] = (byte) WEIR_MESSAGE_TYPE;
			System.arraycopy(own, 0, state, serf.length + 1, own.length);
			return state;
		}

		@Override
		public void mergeRemoteState(byte[] state, boolean join) {
			SerfMessages.PushPullAndTrailer decoded;
			try {
				decoded = SerfMessages.decodePushPull(state);
			}
			catch (MalformedMessageException ex) {
				logger.debug("Dropped a serf push-pull state: {}", ex.getMessage());
				return;
			}
			mergeSerfState(decoded.state(), join);
			int trailer = decoded.trailerOffset();
			ClusterExtension weir = Cluster.this.extension;
			if (weir != null && trailer < state.length && (state[trailer] & 0xff) == WEIR_MESSAGE_TYPE) {
				weir.mergeRemoteState(Arrays.copyOfRange(state, trailer + 1, state.length), join);
			}
		}

		private void mergeSerfState(SerfPushPull remote, boolean join) {
			if (remote.lamportTime() > 0) {
				Cluster.this.memberClock.witness(remote.lamportTime() - 1);
			}
			if (remote.eventLamportTime() > 0) {
				Cluster.this.eventClock.witness(remote.eventLamportTime() - 1);
			}
			if (remote.queryLamportTime() > 0) {
				Cluster.this.queryClock.witness(remote.queryLamportTime() - 1);
			}
			for (String name : remote.leftMembers()) {
				handleLeaveIntent(new LeaveIntent(remote.statusLamportTimes().getOrDefault(name, 0L) + 1, name, false));
			}
			remote.statusLamportTimes().forEach((name, time) -> {
				if (!remote.leftMembers().contains(name)) {
					handleJoinIntent(new JoinIntent(time, name));
				}
			});
			if (join && Cluster.this.ignoreOldEvents && remote.eventLamportTime() > Cluster.this.eventMinTime) {
				Cluster.this.eventMinTime = remote.eventLamportTime();
			}
			for (SerfPushPull.EventSlot slot : remote.events()) {
				if (slot == null) {
					continue;
				}
				for (SerfPushPull.Event event : slot.events()) {
					handleUserEvent(new UserEvent(slot.lamportTime(), event.name(), event.payload(), false));
				}
			}
		}

	}

	private final class Members implements MembershipListener {

		@Override
		public void joined(Member member) {
			Map<String, String> tags = tags(member.meta());
			MemberRecord record = Cluster.this.members.get(member.name());
			boolean known = record != null;
			if (record == null) {
				record = new MemberRecord(member.name());
				Cluster.this.members.put(member.name(), record);
			}
			record.address = member.address();
			record.tags = tags;
			record.versions = member.versions();
			record.status = MemberStatus.ALIVE;
			record.statusChangeNanos = Cluster.this.clock.monotonicNanos();
			Intent intent = Cluster.this.recentIntents.remove(member.name());
			if (intent != null && intent.lamportTime > record.statusLamportTime) {
				record.statusLamportTime = intent.lamportTime;
				if (intent.leave) {
					record.status = MemberStatus.LEAVING;
				}
			}
			if (member.name().equals(Cluster.this.node.name())) {
				publishNow();
			}
			else {
				publish();
			}
			logger.debug("{} member {}", known ? "Rejoined" : "New", member.name());
			Cluster.this.listener.memberJoined(record.snapshot());
		}

		@Override
		public void updated(Member member) {
			MemberRecord record = Cluster.this.members.get(member.name());
			if (record == null) {
				return;
			}
			record.address = member.address();
			record.tags = tags(member.meta());
			record.versions = member.versions();
			publish();
			Cluster.this.listener.memberUpdated(record.snapshot());
		}

		@Override
		public void left(Member member) {
			MemberRecord record = Cluster.this.members.get(member.name());
			if (record == null) {
				return;
			}
			record.statusChangeNanos = Cluster.this.clock.monotonicNanos();
			if (record.status == MemberStatus.LEAVING) {
				record.status = MemberStatus.LEFT;
				publish();
				Cluster.this.listener.memberLeft(record.snapshot());
			}
			else if (record.status == MemberStatus.ALIVE) {
				record.status = MemberStatus.FAILED;
				publish();
				Cluster.this.listener.memberFailed(record.snapshot());
			}
		}

	}

	// ---------------------------------------------------------------- intents

	private boolean handleJoinIntent(JoinIntent join) {
		this.memberClock.witness(join.lamportTime());
		MemberRecord member = this.members.get(join.node());
		if (member == null) {
			return rememberIntent(join.node(), join.lamportTime(), false);
		}
		if (join.lamportTime() <= member.statusLamportTime) {
			return false;
		}
		member.statusLamportTime = join.lamportTime();
		if (member.status == MemberStatus.LEAVING) {
			member.status = MemberStatus.ALIVE;
		}
		publish();
		return true;
	}

	private boolean handleLeaveIntent(LeaveIntent leave) {
		this.memberClock.witness(leave.lamportTime());
		MemberRecord member = this.members.get(leave.node());
		if (member == null) {
			return rememberIntent(leave.node(), leave.lamportTime(), true);
		}
		if (leave.lamportTime() <= member.statusLamportTime) {
			return false;
		}
		if (leave.node().equals(this.node.name()) && !this.leaving) {
			// Someone says we leave while we do not: refute with a newer join intent.
			broadcastIntent(new JoinIntent(this.memberClock.time(), this.node.name()));
			return false;
		}
		member.statusLamportTime = leave.lamportTime();
		if (member.status == MemberStatus.ALIVE) {
			member.status = MemberStatus.LEAVING;
		}
		else if (member.status == MemberStatus.FAILED) {
			member.status = MemberStatus.LEFT;
			member.statusChangeNanos = this.clock.monotonicNanos();
			this.listener.memberLeft(member.snapshot());
		}
		if (leave.prune() && member.status == MemberStatus.LEFT) {
			this.members.remove(member.name);
			this.listener.memberReaped(member.snapshot());
		}
		publish();
		return true;
	}

	private boolean rememberIntent(String name, long lamportTime, boolean leave) {
		Intent existing = this.recentIntents.get(name);
		if (existing != null && existing.lamportTime >= lamportTime) {
			return false;
		}
		this.recentIntents.put(name, new Intent(lamportTime, leave, this.clock.monotonicNanos()));
		return true;
	}

	private void broadcastIntent(JoinIntent join) {
		handleJoinIntent(join);
		this.intents.enqueue(null, join.encode(), null);
	}

	// ---------------------------------------------------------------- events

	/**
	 * Serf's event rules: witness the time; drop what is older than the buffer remembers or
	 * older than a join that asked to ignore old events; deduplicate by (time, name, payload);
	 * deliver and gossip on.
	 */
	private boolean handleUserEvent(UserEvent event) {
		if (this.ignoreOldEvents) {
			// Judged once the join has merged the member's event time, which sets the minimum.
			if (this.heldEvents.size() < this.eventBuffer.length) {
				this.heldEvents.add(event);
			}
			return false;
		}
		this.eventClock.witness(event.lamportTime());
		if (event.lamportTime() < this.eventMinTime) {
			return false;
		}
		long now = this.eventClock.time();
		int size = this.eventBuffer.length;
		if (now > size && event.lamportTime() < now - size) {
			logger.debug("Dropped user event {} from time {}: older than the buffer (now {})", event.name(),
					event.lamportTime(), now);
			return false;
		}
		int index = (int) (event.lamportTime() % size);
		EventSlot slot = this.eventBuffer[index];
		if (slot != null && slot.lamportTime == event.lamportTime()) {
			for (SerfPushPull.Event seen : slot.events) {
				if (seen.name().equals(event.name()) && Arrays.equals(seen.payload(), event.payload())) {
					return false;
				}
			}
		}
		else {
			slot = new EventSlot(event.lamportTime());
			this.eventBuffer[index] = slot;
		}
		slot.events.add(new SerfPushPull.Event(event.name(), event.payload()));
		this.listener.userEvent(new ClusterEvent(event.lamportTime(), event.name(), event.payload(), event.coalesce()));
		this.events.enqueue(null, event.encode(), null);
		return true;
	}

	/**
	 * Returns how many events the buffer holds, for tests and metrics.
	 * @return the number of buffered events
	 */
	public int bufferedEvents() {
		int count = 0;
		for (EventSlot slot : this.eventBuffer) {
			if (slot != null) {
				count += slot.events.size();
			}
		}
		return count;
	}

	// ---------------------------------------------------------------- queries

	private boolean handleQuery(Query query) {
		this.queryClock.witness(query.lamportTime());
		long now = this.queryClock.time();
		if (now > QUERY_BUFFER_SIZE && query.lamportTime() < now - QUERY_BUFFER_SIZE) {
			return false;
		}
		int index = (int) (query.lamportTime() % QUERY_BUFFER_SIZE);
		QuerySlot slot = this.queryBuffer[index];
		if (slot != null && slot.lamportTime == query.lamportTime()) {
			if (slot.ids.contains(query.id())) {
				return false;
			}
		}
		else {
			slot = new QuerySlot(query.lamportTime());
			this.queryBuffer[index] = slot;
		}
		slot.ids.add(query.id());
		boolean rebroadcast = (query.flags() & Query.NO_BROADCAST) == 0;
		if (!matches(query.filters())) {
			return rebroadcast;
		}
		InetSocketAddress sender;
		try {
			sender = new InetSocketAddress(InetAddress.getByAddress(query.addr()), query.port());
		}
		catch (UnknownHostException ex) {
			return rebroadcast;
		}
		if ((query.flags() & Query.ACK) != 0) {
			respond(sender, new QueryResponse(query.lamportTime(), query.id(), this.node.name(), Query.ACK, null));
		}
		if (query.name().startsWith(INTERNAL_QUERY_PREFIX)) {
			answerInternalQuery(query, sender);
		}
		else {
			byte[] answer = this.queryHandler.answer(query.name(), query.payload());
			if (answer != null) {
				respond(sender, new QueryResponse(query.lamportTime(), query.id(), this.node.name(), 0, answer));
			}
		}
		return rebroadcast;
	}

	/**
	 * Serf's own queries ({@code serf/internal_query.go}): {@code _serf_ping} needs only the
	 * acknowledgement; {@code _serf_conflict} is answered with the member known under the
	 * disputed name, except by the member of that name. The key queries ({@code install-key},
	 * {@code use-key}, {@code remove-key}, {@code list-keys}) are not answered: Weir's keyring is
	 * set by configuration, so {@code serf keys} counts a Java member as not responding.
	 */
	private void answerInternalQuery(Query query, InetSocketAddress sender) {
		String name = query.name().substring(INTERNAL_QUERY_PREFIX.length());
		if (name.equals("conflict")) {
			String disputed = new String(query.payload(), StandardCharsets.UTF_8);
			if (disputed.equals(this.node.name())) {
				return;
			}
			MemberRecord member = this.members.get(disputed);
			ConflictResponse answer = new ConflictResponse((member != null) ? member.conflictAnswer() : null);
			respond(sender, new QueryResponse(query.lamportTime(), query.id(), this.node.name(), 0, answer.encode()));
		}
		else if (!name.equals("ping")) {
			logger.debug("Did not answer serf's internal query {}", query.name());
		}
	}

	private void respond(InetSocketAddress sender, QueryResponse response) {
		this.node.sendUserMessage(sender, response.encode());
	}

	/**
	 * Serf's filters: type 0 lists node names, type 1 is a regular expression on a tag; an
	 * unknown filter means the query is not for us.
	 */
	private boolean matches(@Nullable List<byte[]> filters) {
		if (filters == null) {
			return true;
		}
		for (byte[] filter : filters) {
			if (filter.length == 0) {
				return false;
			}
			try {
				MsgpackReader reader = new MsgpackReader(filter, 1, filter.length - 1);
				if (filter[0] == 0) {
					boolean named = false;
					int count = reader.arrayHeader();
					for (int i = 0; i < count; i++) {
						named |= reader.string().equals(this.node.name());
					}
					if (!named) {
						return false;
					}
				}
				else if (filter[0] == 1) {
					String expression = "";
					String tag = "";
					int fields = reader.mapHeader();
					for (int i = 0; i < fields; i++) {
						String key = reader.string();
						switch (key) {
							case "Expr" -> expression = reader.string();
							case "Tag" -> tag = reader.string();
							default -> reader.skip();
						}
					}
					String value = this.tags.getOrDefault(tag, "");
					if (!Pattern.compile(expression).matcher(value).find()) {
						return false;
					}
				}
				else {
					return false;
				}
			}
			catch (MalformedMessageException | PatternSyntaxException ex) {
				return false;
			}
		}
		return true;
	}

	// ---------------------------------------------------------------- reaping and reconnecting

	private void reap() {
		long now = this.clock.monotonicNanos();
		List<MemberRecord> reaped = new ArrayList<>();
		this.members.values().removeIf((member) -> {
			Duration timeout = (member.status == MemberStatus.FAILED) ? this.config.reconnectTimeout()
					: (member.status == MemberStatus.LEFT && !member.name.equals(this.node.name()))
							? this.config.tombstoneTimeout() : null;
			boolean reap = timeout != null && now - member.statusChangeNanos > timeout.toNanos();
			if (reap) {
				reaped.add(member);
			}
			return reap;
		});
		this.recentIntents.values().removeIf((intent) -> now - intent.seenNanos > RECENT_INTENT_TIMEOUT.toNanos());
		if (!reaped.isEmpty()) {
			publish();
			reaped.forEach((member) -> {
				logger.info("Removed member {} ({} for longer than its timeout)", member.name,
						member.status.name().toLowerCase());
				this.listener.memberReaped(member.snapshot());
			});
		}
	}

	/**
	 * Joins the seeds that are not the address of a member alive (or leaving) here: the
	 * members of another partition once it has been reaped, or a seed that restarted. A join to
	 * a seed this node can reach but does not know exchanges full state, so both sides learn
	 * each other's members.
	 */
	private void rejoin(SeedProvider provider) {
		if (this.leaving) {
			return;
		}
		List<InetSocketAddress> seeds;
		try {
			seeds = provider.seeds();
		}
		catch (RuntimeException ex) {
			logger.warn("Discovery failed; re-joining at the next interval: {}", ex.toString());
			return;
		}
		Set<InetSocketAddress> connected = new HashSet<>();
		connected.add(this.node.address());
		for (MemberRecord member : this.members.values()) {
			if (member.address != null
					&& (member.status == MemberStatus.ALIVE || member.status == MemberStatus.LEAVING)) {
				connected.add(member.address);
			}
		}
		List<InetSocketAddress> missing = new ArrayList<>();
		for (InetSocketAddress seed : seeds) {
			if (!seed.isUnresolved() && !connected.contains(seed) && !missing.contains(seed)) {
				missing.add(seed);
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		this.node.join(missing).whenComplete((count, failure) -> {
			if (failure == null) {
				logger.info("Re-joined through {} of {} seeds not among the alive members: {}", count, missing.size(),
						missing);
			}
			else {
				logger.debug("Re-join through {} failed: {}", missing, failure.getMessage());
			}
		});
	}

	/**
	 * Serf's reconnect: each period, with a probability of failed over alive members, tries to
	 * join one failed member at random.
	 */
	private void reconnect() {
		List<MemberRecord> failed = new ArrayList<>();
		int alive = 0;
		for (MemberRecord member : this.members.values()) {
			if (member.status == MemberStatus.FAILED) {
				failed.add(member);
			}
			else if (member.status == MemberStatus.ALIVE) {
				alive++;
			}
		}
		if (failed.isEmpty()) {
			return;
		}
		double probability = (double) failed.size() / Math.max(1, alive);
		if (this.random.nextDouble() > probability) {
			return;
		}
		MemberRecord target = failed.get(this.random.nextInt(failed.size()));
		if (target.address != null) {
			this.node.join(List.of(target.address))
				.whenComplete((count, failure) -> logger.debug("Reconnect to {}: {}", target.name,
						(failure == null) ? "succeeded" : failure.getMessage()));
		}
	}

	// ---------------------------------------------------------------- helpers

	private Scheduler.Cancellable every(Duration interval, Runnable task) {
		Scheduler.Cancellable[] current = new Scheduler.Cancellable[1];
		Runnable[] loop = new Runnable[1];
		loop[0] = () -> {
			task.run();
			current[0] = this.scheduler.schedule(interval, loop[0]);
		};
		current[0] = this.scheduler.schedule(interval, loop[0]);
		return () -> current[0].cancel();
	}

	private CompletableFuture<Void> delay(Duration delay) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.scheduler.execute(() -> this.scheduler.schedule(delay, () -> done.complete(null)));
		return done;
	}

	/**
	 * The members alive or leaving, as of the last change; the broadcast queues read it for
	 * every packet, so it is counted once per change, not per read.
	 */
	private int memberCount() {
		return this.liveMembers;
	}

	/**
	 * Counts the other members alive or leaving from the member table itself, not from the
	 * published count, which may lag a join by {@value #PUBLISH_DELAY_MILLIS} ms: a leave right
	 * after a join must still gossip its intent.
	 */
	private int liveOthersNow() {
		int live = 0;
		for (MemberRecord member : this.members.values()) {
			if (!member.name.equals(this.node.name())
					&& (member.status == MemberStatus.ALIVE || member.status == MemberStatus.LEAVING)) {
				live++;
			}
		}
		return live;
	}

	/**
	 * Publishes a new snapshot of the member list at most every {@value #PUBLISH_DELAY_MILLIS}
	 * ms, so that a burst of changes (a join storm, a push-pull merging hundreds of members)
	 * copies the list once rather than once per change. Listeners are told of each change at
	 * once; only {@code members()} may lag by that delay.
	 */
	private void publish() {
		if (!this.publishPending) {
			this.publishPending = true;
			this.scheduler.schedule(PUBLISH_DELAY, this::publishNow);
		}
	}

	private void publishNow() {
		this.publishPending = false;
		List<ClusterMember> list = new ArrayList<>(this.members.size());
		int live = 0;
		for (MemberRecord member : this.members.values()) {
			list.add(member.snapshot());
			if (member.status == MemberStatus.ALIVE || member.status == MemberStatus.LEAVING) {
				live++;
			}
		}
		this.liveMembers = Math.max(1, live);
		list.sort((a, b) -> a.name().compareTo(b.name()));
		this.snapshot = List.copyOf(list);
	}

	private static Map<String, String> tags(byte[] meta) {
		try {
			return Tags.decode(meta);
		}
		catch (MalformedMessageException ex) {
			return Map.of();
		}
	}

	private static final class MemberRecord {

		final String name;

		@Nullable InetSocketAddress address;

		Map<String, String> tags = Map.of();

		@Nullable Versions versions;

		MemberStatus status = MemberStatus.ALIVE;

		long statusLamportTime;

		long statusChangeNanos;

		MemberRecord(String name) {
			this.name = name;
		}

		ClusterMember snapshot() {
			InetSocketAddress where = (this.address != null) ? this.address : InetSocketAddress.createUnresolved("unknown", 0);
			return new ClusterMember(this.name, where, this.tags, this.status, this.statusLamportTime);
		}

		/**
		 * Returns this member as serf's conflict answer describes it, status codes as serf
		 * numbers them (1 alive, 2 leaving, 3 left, 4 failed).
		 */
		ConflictResponse.Member conflictAnswer() {
			InetSocketAddress where = this.address;
			byte[] ip = (where != null && where.getAddress() != null) ? where.getAddress().getAddress() : new byte[0];
			int port = (where != null) ? where.getPort() : 0;
			int status = switch (this.status) {
				case ALIVE -> 1;
				case LEAVING -> 2;
				case LEFT -> 3;
				case FAILED -> 4;
			};
			return new ConflictResponse.Member(this.name, ip, port, this.tags, status,
					(this.versions != null) ? this.versions : Versions.WEIR);
		}

	}

	private record Intent(long lamportTime, boolean leave, long seenNanos) {
	}

	private static final class EventSlot {

		final long lamportTime;

		final List<SerfPushPull.Event> events = new ArrayList<>(1);

		EventSlot(long lamportTime) {
			this.lamportTime = lamportTime;
		}

		SerfPushPull.EventSlot toWire() {
			return new SerfPushPull.EventSlot(this.lamportTime, this.events);
		}

	}

	private static final class QuerySlot {

		final long lamportTime;

		final List<Long> ids = new ArrayList<>(1);

		QuerySlot(long lamportTime) {
			this.lamportTime = lamportTime;
		}

	}

}
