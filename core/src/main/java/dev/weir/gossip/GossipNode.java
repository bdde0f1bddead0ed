package dev.weir.gossip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.weir.gossip.Scheduler.Cancellable;
import dev.weir.gossip.transport.Envelope;
import dev.weir.gossip.transport.Transport;
import dev.weir.gossip.wire.Ack;
import dev.weir.gossip.wire.Alive;
import dev.weir.gossip.wire.Dead;
import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.ErrorResponse;
import dev.weir.gossip.wire.IndirectPing;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.Message;
import dev.weir.gossip.wire.Nack;
import dev.weir.gossip.wire.NodeState;
import dev.weir.gossip.wire.Packets;
import dev.weir.gossip.wire.Ping;
import dev.weir.gossip.wire.PushNodeState;
import dev.weir.gossip.wire.PushPull;
import dev.weir.gossip.wire.Suspect;
import dev.weir.gossip.wire.UserMessage;
import dev.weir.gossip.wire.Versions;
import dev.weir.time.Clock;

/**
 * One member of a gossip cluster, speaking memberlist's protocol: SWIM probes with indirect
 * probes and a TCP fallback, Lifeguard's suspicion and health score, piggybacked gossip with
 * memberlist's retransmit limit, and push-pull anti-entropy.
 *
 * <p>Every piece of protocol state is owned by the node's {@link Scheduler}: packets, stream
 * requests and replies, and timers all become tasks on it, so the logic is single-threaded and,
 * given a virtual scheduler, clock, random source and transport, fully deterministic. The
 * public methods may be called from any thread.
 */
public final class GossipNode {

	private static final Logger logger = LoggerFactory.getLogger(GossipNode.class);

	private final GossipConfig config;

	private final Transport transport;

	private final Scheduler scheduler;

	private final Clock clock;

	private final RandomGenerator random;

	private final GossipDelegate delegate;

	private final MembershipListener listener;

	private final Envelope envelope;

	private final DropCounters drops = new DropCounters();

	private final Map<String, NodeRecord> nodes = new HashMap<>();

	private final List<NodeRecord> probeOrder = new ArrayList<>();

	private final Map<String, SuspicionTimer> suspicions = new HashMap<>();

	private final Map<Long, AckHandler> ackHandlers = new HashMap<>();

	private final BroadcastQueue broadcasts;

	private final Awareness awareness;

	private final NodeRecord self;

	private final List<Ticker> tickers = new ArrayList<>();

	private volatile List<Member> snapshot = List.of();

	private final AtomicInteger aliveCount = new AtomicInteger();

	private int probeIndex;

	private boolean publishPending;

	private static final long PUBLISH_DELAY_MILLIS = 10;

	private static final Duration PUBLISH_DELAY = Duration.ofMillis(PUBLISH_DELAY_MILLIS);

	private boolean probing;

	private long sequence;

	private boolean leaving;

	private boolean running;

	/**
	 * Creates a node; it does nothing until {@link #start()}.
	 * @param config its configuration
	 * @param transport how it reaches others
	 * @param scheduler its event loop
	 * @param clock its clock
	 * @param random its random source (probe order, gossip targets, staggering)
	 * @param nonces where encryption nonces come from: a {@link java.security.SecureRandom}
	 * outside simulations
	 * @param delegate the layer above
	 * @param listener told of membership changes
	 */
	public GossipNode(GossipConfig config, Transport transport, Scheduler scheduler, Clock clock, RandomGenerator random,
			RandomGenerator nonces, GossipDelegate delegate, MembershipListener listener) {
		this.config = Objects.requireNonNull(config, "config");
		this.transport = Objects.requireNonNull(transport, "transport");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.random = Objects.requireNonNull(random, "random");
		this.delegate = Objects.requireNonNull(delegate, "delegate");
		this.listener = Objects.requireNonNull(listener, "listener");
		this.envelope = new Envelope(config.keyring(), config.compression(), nonces, config.label());
		this.broadcasts = new BroadcastQueue(config.retransmitMult(), this.aliveCount::get);
		this.awareness = new Awareness(config.awarenessMaxMultiplier());
		this.self = new NodeRecord(config.name(), transport.advertisedAddress(), delegate.nodeMeta(), Versions.WEIR,
				NodeState.ALIVE, clock.monotonicNanos());
	}

	// ---------------------------------------------------------------- public API

	/**
	 * Starts receiving and the probe, gossip and push-pull timers, and announces this node.
	 * @return a future that completes once the node runs
	 */
	public CompletableFuture<Void> start() {
		CompletableFuture<Void> started = new CompletableFuture<>();
		this.transport.start(new Handler());
		this.scheduler.execute(() -> {
			this.running = true;
			this.self.incarnation = 1;
			addNode(this.self);
			broadcastAlive();
			publishNow();
			this.listener.joined(this.self.snapshot());
			scheduleTicker(this.config.probeInterval(), this::probeTick);
			scheduleTicker(this.config.gossipInterval(), this::gossipTick);
			schedulePushPull();
			started.complete(null);
		});
		return started;
	}

	/**
	 * Joins a cluster through one or more of its members, exchanging full state with each.
	 * @param seeds addresses of members
	 * @return a future of the number of members that answered; it fails if none did
	 */
	public CompletableFuture<Integer> join(List<InetSocketAddress> seeds) {
		CompletableFuture<Integer> joined = new CompletableFuture<>();
		this.scheduler.execute(() -> {
			if (seeds.isEmpty()) {
				joined.completeExceptionally(new IllegalArgumentException("no seeds to join"));
				return;
			}
			AtomicInteger pending = new AtomicInteger(seeds.size());
			AtomicInteger succeeded = new AtomicInteger();
			List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
			for (InetSocketAddress seed : seeds) {
				pushPull(seed, true, (ok, failure) -> {
					if (ok) {
						succeeded.incrementAndGet();
					}
					else if (failure != null) {
						failures.add(failure);
					}
					if (pending.decrementAndGet() == 0) {
						if (succeeded.get() > 0) {
							joined.complete(succeeded.get());
						}
						else {
							IllegalStateException ex = new IllegalStateException("could not join any of " + seeds);
							failures.forEach(ex::addSuppressed);
							joined.completeExceptionally(ex);
						}
					}
				});
			}
		});
		return joined;
	}

	/**
	 * Leaves gracefully: gossips that this node left, and completes once that was sent as
	 * often as gossip sends anything, or after the timeout. Afterwards the node still answers
	 * pings until {@link #shutdown()}.
	 * @param timeout how long to wait for the message to spread
	 * @return a future that completes when the leave has spread or the timeout passed
	 */
	public CompletableFuture<Void> leave(Duration timeout) {
		CompletableFuture<Void> left = new CompletableFuture<>();
		this.scheduler.execute(() -> {
			if (this.leaving) {
				left.complete(null);
				return;
			}
			this.leaving = true;
			Dead dead = new Dead(this.self.incarnation, this.self.name, this.self.name);
			this.self.state = NodeState.LEFT;
			this.self.stateChangeNanos = this.clock.monotonicNanos();
			publish();
			if (otherLiveMembers() == 0) {
				left.complete(null);
				return;
			}
			this.broadcasts.enqueue(this.self.name, dead.encode(), () -> left.complete(null));
			Cancellable deadline = this.scheduler.schedule(timeout, () -> left.complete(null));
			left.whenComplete((ignored, failure) -> deadline.cancel());
		});
		return left;
	}

	/**
	 * Stops the timers and the transport. Call {@link #leave(Duration)} first to tell others.
	 */
	public void shutdown() {
		this.scheduler.execute(() -> {
			this.running = false;
			this.tickers.forEach(Ticker::cancel);
			this.tickers.clear();
			this.suspicions.values().forEach(SuspicionTimer::cancel);
			this.suspicions.clear();
		});
		this.transport.close();
	}

	/**
	 * Returns the members this node knows, itself included, in any state not yet forgotten.
	 * @return a snapshot
	 */
	public List<Member> members() {
		return this.snapshot;
	}

	/**
	 * Returns the members that are alive or suspected, itself included.
	 * @return a snapshot
	 */
	public List<Member> liveMembers() {
		return this.snapshot.stream().filter(Member::isUp).toList();
	}

	/**
	 * Returns this node's name.
	 * @return the name
	 */
	public String name() {
		return this.config.name();
	}

	/**
	 * Returns what this node dropped, by reason.
	 * @return the counters
	 */
	public DropCounters drops() {
		return this.drops;
	}

	/**
	 * Returns Lifeguard's health score of this node (0 is healthy).
	 * @return the score
	 */
	public int healthScore() {
		return this.awareness.score();
	}

	/**
	 * Queues a user message for gossip to every member.
	 * @param payload the message (without the user-message type byte)
	 */
	public void broadcastUserMessage(byte[] payload) {
		byte[] message = new UserMessage(payload.clone()).encode();
		this.scheduler.execute(() -> this.broadcasts.enqueue(null, message, null));
	}

	/**
	 * Sends a user message straight to one address in a packet of its own, as serf answers
	 * queries.
	 * @param to the receiver
	 * @param payload the message (without the user-message type byte)
	 */
	public void sendUserMessage(InetSocketAddress to, byte[] payload) {
		byte[] message = new UserMessage(payload.clone()).encode();
		this.scheduler.execute(() -> sendPacket(to, List.of(message), false));
	}

	/**
	 * Returns the address this node advertises.
	 * @return the address
	 */
	public InetSocketAddress address() {
		return this.self.address;
	}

	/**
	 * Announces new meta (serf: tags) with a new incarnation.
	 */
	public void updateMeta() {
		this.scheduler.execute(() -> {
			this.self.meta = this.delegate.nodeMeta();
			this.self.incarnation++;
			broadcastAlive();
			publish();
		});
	}

	@Override
	public String toString() {
		return "GossipNode[" + this.config.name() + " at " + this.self.address + "]";
	}

	// ---------------------------------------------------------------- timers

	private void scheduleTicker(Duration interval, Runnable tick) {
		Ticker ticker = new Ticker(() -> interval, tick);
		this.tickers.add(ticker);
		ticker.start();
	}

	private void schedulePushPull() {
		Ticker ticker = new Ticker(() -> this.config.pushPullInterval(this.aliveCount.get()), this::pushPullTick);
		this.tickers.add(ticker);
		ticker.start();
	}

	/**
	 * A periodic task, started at a random offset within its first period so that nodes
	 * started together do not tick together.
	 */
	private final class Ticker implements Cancellable {

		private final Supplier<Duration> interval;

		private final Runnable tick;

		private @Nullable Cancellable next;

		private boolean cancelled;

		Ticker(Supplier<Duration> interval, Runnable tick) {
			this.interval = interval;
			this.tick = tick;
		}

		void start() {
			long stagger = (long) (GossipNode.this.random.nextDouble() * this.interval.get().toNanos());
			this.next = GossipNode.this.scheduler.schedule(Duration.ofNanos(stagger), this::run);
		}

		private void run() {
			if (this.cancelled || !GossipNode.this.running) {
				return;
			}
			try {
				this.tick.run();
			}
			finally {
				// Even a tick that failed must not stop the timer: a node that stops probing
				// would never detect a failure again.
				this.next = GossipNode.this.scheduler.schedule(this.interval.get(), this::run);
			}
		}

		@Override
		public void cancel() {
			this.cancelled = true;
			if (this.next != null) {
				this.next.cancel();
			}
		}

	}

	private void pushPullTick() {
		if (!this.running) {
			return;
		}
		NodeRecord partner = randomNodes(1, (node) -> node.state == NodeState.ALIVE).stream().findFirst().orElse(null);
		if (partner != null) {
			pushPull(partner.address, false, (ok, failure) -> {
				if (!ok) {
					logger.debug("Push-pull with {} failed", partner.name, failure);
				}
			});
		}
	}

	// ---------------------------------------------------------------- probing

	private void probeTick() {
		if (this.probing) {
			return;
		}
		NodeRecord target = nextProbeTarget();
		if (target != null) {
			probe(target);
		}
	}

	private @Nullable NodeRecord nextProbeTarget() {
		for (int checked = 0; checked <= this.probeOrder.size(); checked++) {
			if (this.probeIndex >= this.probeOrder.size()) {
				resetProbeOrder();
				if (this.probeOrder.isEmpty()) {
					return null;
				}
			}
			NodeRecord candidate = this.probeOrder.get(this.probeIndex++);
			if (candidate != this.self && (candidate.state == NodeState.ALIVE || candidate.state == NodeState.SUSPECT)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * At the end of a round: forgets members dead or left for longer than the gossip-to-the-dead
	 * time, and shuffles the order.
	 */
	private void resetProbeOrder() {
		long now = this.clock.monotonicNanos();
		long forgetAfter = this.config.gossipToTheDeadTime().toNanos();
		boolean removed = this.probeOrder.removeIf((node) -> {
			boolean forget = node != this.self && (node.state == NodeState.DEAD || node.state == NodeState.LEFT)
					&& now - node.stateChangeNanos > forgetAfter;
			if (forget) {
				this.nodes.remove(node.name);
			}
			return forget;
		});
		Collections.shuffle(this.probeOrder, new Random(this.random.nextLong()));
		this.probeIndex = 0;
		if (removed) {
			publish();
		}
	}

	private void probe(NodeRecord target) {
		this.probing = true;
		long seqNo = nextSequence();
		long start = this.clock.monotonicNanos();
		Duration interval = this.awareness.scale(this.config.probeInterval());
		Ping ping = new Ping(seqNo, target.name, addressBytes(this.self.address), this.self.address.getPort(),
				this.self.name);
		Probe probe = new Probe(target, seqNo);
		this.ackHandlers.put(seqNo, probe);
		if (target.state == NodeState.SUSPECT) {
			Suspect suspect = new Suspect(target.incarnation, target.name, this.self.name);
			sendPacket(target.address, List.of(ping.encode(), suspect.encode()), target.protocolMax() >= 5);
		}
		else {
			sendWithPiggyback(target.address, ping.encode(), false);
		}
		probe.timeout = this.scheduler.schedule(this.config.probeTimeout(), () -> probe.indirect(ping, start, interval));
	}

	private final class Probe implements AckHandler {

		private final NodeRecord target;

		private final long seqNo;

		private @Nullable Cancellable timeout;

		private int expectedNacks;

		private int nacks;

		private boolean tcpAcked;

		private boolean done;

		Probe(NodeRecord target, long seqNo) {
			this.target = target;
			this.seqNo = seqNo;
		}

		@Override
		public void acked() {
			if (this.done) {
				return;
			}
			finish();
			GossipNode.this.awareness.apply(-1);
		}

		@Override
		public void nacked() {
			this.nacks++;
		}

		void indirect(Ping ping, long start, Duration interval) {
			if (this.done) {
				return;
			}
			List<NodeRecord> helpers = randomNodes(GossipNode.this.config.indirectChecks(),
					(node) -> node.state == NodeState.ALIVE && node != this.target);
			byte[] source = addressBytes(GossipNode.this.self.address);
			for (NodeRecord helper : helpers) {
				boolean nack = helper.protocolMax() >= 4;
				if (nack) {
					this.expectedNacks++;
				}
				IndirectPing request = new IndirectPing(this.seqNo, addressBytes(this.target.address),
						this.target.address.getPort(), this.target.name, nack, source,
						GossipNode.this.self.address.getPort(), GossipNode.this.self.name);
				sendWithPiggyback(helper.address, request.encode(), false);
			}
			Duration remaining = interval.minusNanos(GossipNode.this.clock.monotonicNanos() - start);
			if (this.target.protocolMax() >= 3 && !remaining.isNegative() && !remaining.isZero()) {
				GossipNode.this.transport.sendStream(this.target.address, GossipNode.this.envelope.sealStream(ping), true,
						remaining, onLoop(new Transport.StreamCallback() {

							@Override
							public void replied(byte[] reply) {
								try {
									if (GossipNode.this.envelope.openStream(reply) instanceof Ack ack
											&& ack.seqNo() == Probe.this.seqNo) {
										Probe.this.tcpAcked = true;
									}
								}
								catch (MalformedMessageException ex) {
									GossipNode.this.drops.increment(ex.reason());
								}
							}

							@Override
							public void failed(Exception cause) {
							}

						}));
			}
			Duration wait = remaining.isNegative() ? Duration.ZERO : remaining;
			this.timeout = GossipNode.this.scheduler.schedule(wait, this::expire);
		}

		private void expire() {
			if (this.done) {
				return;
			}
			finish();
			if (this.tcpAcked) {
				logger.warn("{} answered a TCP ping but no UDP ping: check that UDP reaches it", this.target.name);
				return;
			}
			GossipNode.this.awareness
				.apply((this.expectedNacks > 0) ? Math.max(0, this.expectedNacks - this.nacks) : 1);
			if (this.target.state == NodeState.ALIVE || this.target.state == NodeState.SUSPECT) {
				onSuspect(new Suspect(this.target.incarnation, this.target.name, GossipNode.this.self.name));
			}
		}

		private void finish() {
			this.done = true;
			GossipNode.this.probing = false;
			GossipNode.this.ackHandlers.remove(this.seqNo, this);
			if (this.timeout != null) {
				this.timeout.cancel();
			}
		}

	}

	private interface AckHandler {

		void acked();

		default void nacked() {
		}

	}

	// ---------------------------------------------------------------- gossip

	private void gossipTick() {
		long now = this.clock.monotonicNanos();
		long deadWindow = this.config.gossipToTheDeadTime().toNanos();
		List<NodeRecord> targets = randomNodes(this.config.gossipNodes(),
				(node) -> node.state == NodeState.ALIVE || node.state == NodeState.SUSPECT
						|| (node.state == NodeState.DEAD && now - node.stateChangeNanos < deadWindow));
		for (NodeRecord target : targets) {
			boolean crc = target.protocolMax() >= 5;
			int limit = this.config.udpBufferSize() - this.envelope.packetOverhead(crc) - Packets.COMPOUND_HEADER;
			List<byte[]> messages = takeBroadcasts(Packets.COMPOUND_OVERHEAD_PER_PART, limit);
			if (messages.isEmpty()) {
				return;
			}
			sendPacket(target.address, messages, crc);
		}
	}

	private List<byte[]> takeBroadcasts(int overhead, int limit) {
		List<byte[]> messages = new ArrayList<>(this.broadcasts.take(overhead, limit));
		int used = 0;
		for (byte[] message : messages) {
			used += overhead + message.length;
		}
		if (limit - used > overhead + 1) {
			for (byte[] payload : this.delegate.broadcasts(overhead + 1, limit - used)) {
				messages.add(new UserMessage(payload).encode());
			}
		}
		return messages;
	}

	private void sendWithPiggyback(InetSocketAddress to, byte[] message, boolean crc) {
		int limit = this.config.udpBufferSize() - this.envelope.packetOverhead(crc) - Packets.COMPOUND_HEADER
				- Packets.COMPOUND_OVERHEAD_PER_PART - message.length;
		List<byte[]> messages = new ArrayList<>();
		messages.add(message);
		if (limit > 0) {
			messages.addAll(takeBroadcasts(Packets.COMPOUND_OVERHEAD_PER_PART, limit));
		}
		sendPacket(to, messages, crc);
	}

	private void sendPacket(InetSocketAddress to, List<byte[]> messages, boolean crc) {
		this.transport.sendPacket(to, this.envelope.sealPacket(messages, crc));
	}

	private void broadcastAlive() {
		Alive alive = new Alive(this.self.incarnation, this.self.name, addressBytes(this.self.address),
				this.self.address.getPort(), this.self.meta, Versions.WEIR);
		this.broadcasts.enqueue(this.self.name, alive.encode(), null);
	}

	// ---------------------------------------------------------------- receiving

	private final class Handler implements Transport.Handler, Packets.Receiver {

		private @Nullable InetSocketAddress from;

		@Override
		public void packet(InetSocketAddress from, byte[] packet) {
			GossipNode.this.scheduler.execute(() -> {
				if (!GossipNode.this.running) {
					return;
				}
				this.from = from;
				GossipNode.this.envelope.openPacket(packet, this);
			});
		}

		@Override
		public void message(Message message) {
			onMessage(Objects.requireNonNull(this.from), message);
		}

		@Override
		public void dropped(DropReason reason, String detail) {
			GossipNode.this.drops.increment(reason);
			logger.debug("Dropped part of a packet from {}: {} ({})", this.from, reason, detail);
		}

		@Override
		public void stream(InetSocketAddress from, byte[] request, Transport.StreamReply reply) {
			GossipNode.this.scheduler.execute(() -> onStream(from, request, reply));
		}

		@Override
		public Transport.Completeness streamComplete(byte[] received) {
			try {
				GossipNode.this.envelope.openStream(received);
				return Transport.Completeness.COMPLETE;
			}
			catch (MalformedMessageException ex) {
				if (ex.reason() == DropReason.TRUNCATED) {
					return Transport.Completeness.NEED_MORE;
				}
				GossipNode.this.drops.increment(ex.reason());
				return Transport.Completeness.INVALID;
			}
		}

	}

	private void onMessage(InetSocketAddress from, Message message) {
		if (message instanceof Ping ping) {
			onPing(from, ping);
		}
		else if (message instanceof IndirectPing request) {
			onIndirectPing(from, request);
		}
		else if (message instanceof Ack ack) {
			AckHandler handler = this.ackHandlers.get(ack.seqNo());
			if (handler != null) {
				handler.acked();
			}
		}
		else if (message instanceof Nack nack) {
			AckHandler handler = this.ackHandlers.get(nack.seqNo());
			if (handler != null) {
				handler.nacked();
			}
		}
		else if (message instanceof Alive alive) {
			onAlive(alive, false);
		}
		else if (message instanceof Suspect suspect) {
			onSuspect(suspect);
		}
		else if (message instanceof Dead dead) {
			onDead(dead);
		}
		else if (message instanceof UserMessage user) {
			this.delegate.notifyMessage(user.payload());
		}
		else {
			this.drops.increment(DropReason.UNKNOWN_TYPE);
		}
	}

	private void onPing(InetSocketAddress from, Ping ping) {
		if (!ping.node().isEmpty() && !ping.node().equals(this.self.name)) {
			logger.debug("Ignored a ping for {} from {}", ping.node(), from);
			return;
		}
		InetSocketAddress replyTo = replyAddress(from, ping.sourceAddr(), ping.sourcePort());
		sendWithPiggyback(replyTo, new Ack(ping.seqNo(), this.delegate.ackPayload()).encode(), false);
	}

	private void onIndirectPing(InetSocketAddress from, IndirectPing request) {
		InetSocketAddress requester = replyAddress(from, request.sourceAddr(), request.sourcePort());
		InetSocketAddress target;
		try {
			target = new InetSocketAddress(InetAddress.getByAddress(request.target()), request.port());
		}
		catch (UnknownHostException ex) {
			this.drops.increment(DropReason.MALFORMED);
			return;
		}
		long seqNo = nextSequence();
		Ping ping = new Ping(seqNo, request.node(), addressBytes(this.self.address), this.self.address.getPort(),
				this.self.name);
		Cancellable[] nackTimer = new Cancellable[1];
		AckHandler relay = () -> {
			this.ackHandlers.remove(seqNo);
			if (nackTimer[0] != null) {
				nackTimer[0].cancel();
			}
			sendWithPiggyback(requester, new Ack(request.seqNo(), null).encode(), false);
		};
		this.ackHandlers.put(seqNo, relay);
		sendWithPiggyback(target, ping.encode(), false);
		nackTimer[0] = this.scheduler.schedule(this.config.probeTimeout(), () -> {
			if (this.ackHandlers.remove(seqNo, relay) && request.nack()) {
				sendWithPiggyback(requester, new Nack(request.seqNo()).encode(), false);
			}
		});
	}

	private void onStream(InetSocketAddress from, byte[] request, Transport.StreamReply reply) {
		if (!this.running) {
			reply.send(null);
			return;
		}
		Message message;
		try {
			message = this.envelope.openStream(request);
		}
		catch (MalformedMessageException ex) {
			this.drops.increment(ex.reason());
			reply.send(this.envelope.sealStream(new ErrorResponse(ex.getMessage())));
			return;
		}
		if (message instanceof PushPull pushPull) {
			reply.send(this.envelope.sealStream(localPushPull(pushPull.join())));
			merge(pushPull);
		}
		else if (message instanceof Ping ping) {
			boolean forUs = ping.node().isEmpty() || ping.node().equals(this.self.name);
			reply.send(forUs ? this.envelope.sealStream(new Ack(ping.seqNo(), null)) : null);
		}
		else if (message instanceof UserMessage user) {
			reply.send(null);
			this.delegate.notifyMessage(user.payload());
		}
		else {
			this.drops.increment(DropReason.UNKNOWN_TYPE);
			reply.send(this.envelope.sealStream(new ErrorResponse("unexpected " + message.type() + " message")));
		}
	}

	// ---------------------------------------------------------------- push-pull

	private interface Outcome {

		void done(boolean ok, @Nullable Exception failure);

	}

	private void pushPull(InetSocketAddress partner, boolean join, Outcome outcome) {
		byte[] request = this.envelope.sealStream(localPushPull(join));
		this.transport.sendStream(partner, request, true, this.config.tcpTimeout(), onLoop(new Transport.StreamCallback() {

			@Override
			public void replied(byte[] bytes) {
				Message reply;
				try {
					reply = GossipNode.this.envelope.openStream(bytes);
				}
				catch (MalformedMessageException ex) {
					GossipNode.this.drops.increment(ex.reason());
					outcome.done(false, ex);
					return;
				}
				if (reply instanceof PushPull remote) {
					boolean merged = merge(remote);
					outcome.done(merged, merged ? null
							: new IllegalStateException(partner + " speaks incompatible protocol versions"));
				}
				else if (reply instanceof ErrorResponse error) {
					outcome.done(false, new IllegalStateException(partner + " refused: " + error.error()));
				}
				else {
					GossipNode.this.drops.increment(DropReason.UNKNOWN_TYPE);
					outcome.done(false, new IllegalStateException(partner + " answered with " + reply.type()));
				}
			}

			@Override
			public void failed(Exception cause) {
				outcome.done(false, cause);
			}

		}));
	}

	private PushPull localPushPull(boolean join) {
		List<PushNodeState> states = new ArrayList<>(this.nodes.size());
		for (NodeRecord node : this.nodes.values()) {
			states.add(new PushNodeState(node.name, addressBytes(node.address), node.address.getPort(), node.meta,
					node.incarnation, node.state, node.versions));
		}
		return new PushPull(join, states, this.delegate.localState(join));
	}

	/**
	 * Merges a remote push-pull state as memberlist does: alive entries as alive messages,
	 * left ones as leaves, and dead or suspect ones only as a suspicion of our own.
	 * @return whether the state was compatible and merged
	 */
	private boolean merge(PushPull remote) {
		if (!compatible(remote.nodes())) {
			this.drops.increment(DropReason.INCOMPATIBLE_VERSION);
			return false;
		}
		for (PushNodeState node : remote.nodes()) {
			if (node.state() == NodeState.ALIVE) {
				onAlive(new Alive(node.incarnation(), node.name(), node.addr(), node.port(), node.meta(), node.versions()),
						false);
			}
			else if (node.state() == NodeState.LEFT) {
				onDead(new Dead(node.incarnation(), node.name(), node.name()));
			}
			else {
				onSuspect(new Suspect(node.incarnation(), node.name(), this.self.name));
			}
		}
		if (remote.userState().length > 0) {
			this.delegate.mergeRemoteState(remote.userState(), remote.join());
		}
		return true;
	}

	/**
	 * memberlist's check before a merge: the protocol and delegate versions every node speaks
	 * must lie in the range every alive node understands.
	 */
	private boolean compatible(List<PushNodeState> remote) {
		int[] range = { 0, 255, 0, 255 };
		for (NodeRecord node : this.nodes.values()) {
			if (node.state == NodeState.ALIVE && node.versions != null) {
				narrow(range, node.versions);
			}
		}
		for (PushNodeState node : remote) {
			if (node.state() == NodeState.ALIVE && node.versions() != null) {
				narrow(range, node.versions());
			}
		}
		for (PushNodeState node : remote) {
			if (!speaksWithin(range, node.versions())) {
				return false;
			}
		}
		for (NodeRecord node : this.nodes.values()) {
			if (!speaksWithin(range, node.versions)) {
				return false;
			}
		}
		return true;
	}

	private static void narrow(int[] range, Versions versions) {
		range[0] = Math.max(range[0], versions.protocolMin());
		range[1] = Math.min(range[1], versions.protocolMax());
		range[2] = Math.max(range[2], versions.delegateMin());
		range[3] = Math.min(range[3], versions.delegateMax());
	}

	private static boolean speaksWithin(int[] range, @Nullable Versions versions) {
		int protocol = (versions != null) ? versions.protocolCurrent() : 0;
		int delegate = (versions != null) ? versions.delegateCurrent() : 0;
		return protocol >= range[0] && protocol <= range[1] && delegate >= range[2] && delegate <= range[3];
	}

	// ---------------------------------------------------------------- state machine

	private void onAlive(Alive alive, boolean bootstrap) {
		Versions versions = alive.versions();
		if (versions != null && (versions.protocolMin() == 0 || versions.protocolMax() == 0
				|| versions.protocolMin() > versions.protocolMax())) {
			this.drops.increment(DropReason.INCOMPATIBLE_VERSION);
			return;
		}
		boolean isSelf = alive.node().equals(this.self.name);
		if (this.leaving && isSelf) {
			return;
		}
		InetSocketAddress address;
		try {
			address = new InetSocketAddress(InetAddress.getByAddress(alive.addr()), alive.port());
		}
		catch (UnknownHostException ex) {
			this.drops.increment(DropReason.MALFORMED);
			return;
		}
		NodeRecord node = this.nodes.get(alive.node());
		boolean isNew = false;
		if (node == null) {
			node = new NodeRecord(alive.node(), address, alive.meta(), versions, NodeState.DEAD,
					this.clock.monotonicNanos());
			addNode(node);
			isNew = true;
		}
		boolean updatesAddress = false;
		if (!node.address.equals(address)) {
			Duration reclaim = this.config.deadNodeReclaimTime();
			boolean reclaimable = node.state == NodeState.DEAD && !reclaim.isZero()
					&& this.clock.monotonicNanos() - node.stateChangeNanos > reclaim.toNanos();
			if (node.state == NodeState.LEFT || reclaimable) {
				updatesAddress = true;
			}
			else {
				logger.warn("Conflicting address for {}: known at {}, now claimed by {}", alive.node(), node.address,
						address);
				return;
			}
		}
		if (alive.incarnation() <= node.incarnation && !isSelf && !updatesAddress) {
			return;
		}
		if (alive.incarnation() < node.incarnation && isSelf) {
			return;
		}
		cancelSuspicion(node.name);
		if (isSelf && !bootstrap) {
			if (alive.incarnation() == node.incarnation && Arrays.equals(alive.meta(), node.meta)
					&& Objects.equals(versions, node.versions)) {
				return;
			}
			refute(alive.incarnation());
			return;
		}
		this.broadcasts.enqueue(node.name, alive.encode(), null);
		NodeState previous = node.state;
		boolean metaChanged = !Arrays.equals(node.meta, alive.meta()) || updatesAddress;
		node.incarnation = alive.incarnation();
		node.meta = alive.meta();
		node.address = address;
		node.versions = versions;
		if (node.state != NodeState.ALIVE) {
			node.state = NodeState.ALIVE;
			node.stateChangeNanos = this.clock.monotonicNanos();
		}
		publish();
		if (isNew || previous == NodeState.DEAD || previous == NodeState.LEFT) {
			this.listener.joined(node.snapshot());
		}
		else if (metaChanged) {
			this.listener.updated(node.snapshot());
		}
	}

	private void onSuspect(Suspect suspect) {
		NodeRecord node = this.nodes.get(suspect.node());
		if (node == null || suspect.incarnation() < node.incarnation) {
			return;
		}
		SuspicionTimer timer = this.suspicions.get(node.name);
		if (timer != null) {
			if (timer.suspicion.confirm(suspect.from())) {
				this.broadcasts.enqueue(node.name, suspect.encode(), null);
				timer.reschedule();
			}
			return;
		}
		if (node.state != NodeState.ALIVE) {
			return;
		}
		if (node == this.self) {
			refute(suspect.incarnation());
			return;
		}
		this.broadcasts.enqueue(node.name, suspect.encode(), null);
		node.incarnation = suspect.incarnation();
		node.state = NodeState.SUSPECT;
		node.stateChangeNanos = this.clock.monotonicNanos();
		publish();
		int size = this.nodes.size();
		Duration min = Suspicion.minimumTimeout(this.config.suspicionMult(), size, this.config.probeInterval());
		Duration max = min.multipliedBy(this.config.suspicionMaxTimeoutMult());
		int expected = Suspicion.expectedConfirmations(this.config.suspicionMult(), size);
		SuspicionTimer started = new SuspicionTimer(node, new Suspicion(suspect.from(), expected, min, max,
				node.stateChangeNanos));
		this.suspicions.put(node.name, started);
		started.reschedule();
	}

	private final class SuspicionTimer {

		private final NodeRecord node;

		private final Suspicion suspicion;

		private final long stateChangeNanos;

		private @Nullable Cancellable timer;

		SuspicionTimer(NodeRecord node, Suspicion suspicion) {
			this.node = node;
			this.suspicion = suspicion;
			this.stateChangeNanos = node.stateChangeNanos;
		}

		void reschedule() {
			cancel();
			long remaining = this.suspicion.deadlineNanos() - GossipNode.this.clock.monotonicNanos();
			this.timer = GossipNode.this.scheduler.schedule(Duration.ofNanos(Math.max(0, remaining)), this::expire);
		}

		void cancel() {
			if (this.timer != null) {
				this.timer.cancel();
			}
		}

		private void expire() {
			if (GossipNode.this.suspicions.get(this.node.name) != this) {
				return;
			}
			if (this.node.state == NodeState.SUSPECT && this.node.stateChangeNanos == this.stateChangeNanos) {
				logger.info("Marking {} as failed: suspect timeout reached ({} confirmations)", this.node.name,
						this.suspicion.confirmations());
				onDead(new Dead(this.node.incarnation, this.node.name, GossipNode.this.self.name));
			}
		}

	}

	private void cancelSuspicion(String name) {
		SuspicionTimer timer = this.suspicions.remove(name);
		if (timer != null) {
			timer.cancel();
		}
	}

	private void onDead(Dead dead) {
		NodeRecord node = this.nodes.get(dead.node());
		if (node == null || dead.incarnation() < node.incarnation) {
			return;
		}
		cancelSuspicion(node.name);
		if (node.state == NodeState.DEAD || node.state == NodeState.LEFT) {
			return;
		}
		if (node == this.self) {
			if (!this.leaving) {
				refute(dead.incarnation());
			}
			return;
		}
		this.broadcasts.enqueue(node.name, dead.encode(), null);
		node.incarnation = dead.incarnation();
		node.state = dead.isLeave() ? NodeState.LEFT : NodeState.DEAD;
		node.stateChangeNanos = this.clock.monotonicNanos();
		publish();
		this.listener.left(node.snapshot());
	}

	private void refute(long accusedIncarnation) {
		this.self.incarnation = Math.max(this.self.incarnation, accusedIncarnation) + 1;
		this.awareness.apply(1);
		broadcastAlive();
		publish();
	}

	// ---------------------------------------------------------------- helpers

	private void addNode(NodeRecord node) {
		this.nodes.put(node.name, node);
		int position = this.probeOrder.isEmpty() ? 0 : this.random.nextInt(this.probeOrder.size() + 1);
		this.probeOrder.add(position, node);
		if (position < this.probeIndex) {
			this.probeIndex++;
		}
	}

	private List<NodeRecord> randomNodes(int count, Predicate<NodeRecord> filter) {
		List<NodeRecord> candidates = new ArrayList<>();
		for (NodeRecord node : this.probeOrder) {
			if (node != this.self && filter.test(node)) {
				candidates.add(node);
			}
		}
		for (int i = 0; i < Math.min(count, candidates.size()); i++) {
			Collections.swap(candidates, i, i + this.random.nextInt(candidates.size() - i));
		}
		return candidates.subList(0, Math.min(count, candidates.size()));
	}

	private int otherLiveMembers() {
		int count = 0;
		for (NodeRecord node : this.nodes.values()) {
			if (node != this.self && (node.state == NodeState.ALIVE || node.state == NodeState.SUSPECT)) {
				count++;
			}
		}
		return count;
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
		List<Member> members = new ArrayList<>(this.nodes.size());
		int alive = 0;
		for (NodeRecord node : this.nodes.values()) {
			members.add(node.snapshot());
			if (node.state == NodeState.ALIVE || node.state == NodeState.SUSPECT) {
				alive++;
			}
		}
		members.sort((a, b) -> a.name().compareTo(b.name()));
		this.snapshot = List.copyOf(members);
		this.aliveCount.set(alive);
	}

	private long nextSequence() {
		this.sequence = (this.sequence + 1) & 0xffff_ffffL;
		return this.sequence;
	}

	private Transport.StreamCallback onLoop(Transport.StreamCallback callback) {
		return new Transport.StreamCallback() {

			@Override
			public void replied(byte[] reply) {
				GossipNode.this.scheduler.execute(() -> callback.replied(reply));
			}

			@Override
			public void failed(Exception cause) {
				GossipNode.this.scheduler.execute(() -> callback.failed(cause));
			}

		};
	}

	private static InetSocketAddress replyAddress(InetSocketAddress from, byte @Nullable [] addr, int port) {
		if (addr != null && addr.length > 0 && port != 0) {
			try {
				return new InetSocketAddress(InetAddress.getByAddress(addr), port);
			}
			catch (UnknownHostException ex) {
				return from;
			}
		}
		return from;
	}

	private static byte[] addressBytes(InetSocketAddress address) {
		return address.getAddress().getAddress();
	}

}
