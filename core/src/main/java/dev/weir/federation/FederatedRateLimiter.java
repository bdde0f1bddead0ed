package dev.weir.federation;

import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.weir.federation.CoordinatorException.Kind;
import dev.weir.federation.RegionalEscrow.EscrowTake;
import dev.weir.limit.Algorithm;
import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;
import dev.weir.limit.RateLimiter;
import dev.weir.time.Clock;

/**
 * A {@link RateLimiter} whose limit is one global budget per key and window, shared by every
 * region through a {@link GlobalCoordinator}.
 *
 * <p>Each key holds escrow: units the coordinator granted for one of its windows. A request is
 * admitted only from escrow, each unit once. When escrow runs short one thread per key leases
 * {@code batch} units (optionally through a {@link RegionalEscrow}); the others wait for that
 * lease and then decide again. Escrow dies at a deadline on this process's monotonic clock:
 * the time the lease was <em>sent</em> plus the time the coordinator said its window still runs,
 * minus a guard. Because the coordinator read its clock after the send, the deadline never
 * falls after the window's true end, whatever the node's wall clock says; a grant that arrives
 * past its deadline is forfeited. A zero grant denies the key without further calls until the
 * deadline (negative cache).
 *
 * <p>When the coordinator fails, the error is counted, the limiter serves escrow it already
 * holds and then denies ({@link OutageMode#FAIL_CLOSED}) or admits a metered allowance
 * ({@link OutageMode#REGIONAL_ONLY}); it calls the coordinator again at most once per probe
 * interval until a call succeeds. A decision on a key with enough escrow never waits; one
 * without waits for at most one coordinator call (bounded by the coordinator's own timeout).
 *
 * <p>Only {@link Algorithm#FIXED_WINDOW} federates: windows are the coordinator's, aligned to
 * its epoch.
 */
public final class FederatedRateLimiter implements RateLimiter, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FederatedRateLimiter.class);

	private static final long NANOS_PER_MILLI = 1_000_000L;

	/**
	 * How many of a key's average gaps between requests make it quiet, for
	 * {@link #giveBackQuiet}: with Poisson arrivals a gap this long comes once in about nine
	 * million.
	 */
	static final int QUIET_GAPS = 16;

	private static final long MAX_GAP_SAMPLE_NANOS = 1_000_000_000L;

	private static final long FIRST_PROBE_DELAY_NANOS = 100_000_000L;

	private final LimitPolicy policy;

	private final FederationConfig config;

	private final GlobalCoordinator coordinator;

	private final @Nullable RegionalEscrow regional;

	private final @Nullable Executor prefetcher;

	private final Clock clock;

	private final long windowMillis;

	private final long guardNanos;

	private final String holder;

	private final ConcurrentHashMap<String, Escrow> escrows = new ConcurrentHashMap<>();

	/** Keys that may hold units: give-backs scan these, not every key. */
	private final Set<String> holding = ConcurrentHashMap.newKeySet();

	private final AtomicLong requestIds;

	private final AtomicLong giveBackSeq;

	private final FederationStats stats = new FederationStats();

	private volatile boolean coordinatorUp = true;

	private final AtomicLong nextProbeNanos = new AtomicLong(Long.MIN_VALUE);

	/** Coordinator calls that failed since the last one that succeeded. */
	private final AtomicInteger failures = new AtomicInteger();

	private volatile @Nullable Exchange lastExchange;

	/** A moving average of coordinator round trips, over about the last four; -1 before one. */
	private volatile long roundTripNanos = -1;

	private final LongAdder allowed = new LongAdder();

	private final LongAdder denied = new LongAdder();

	private final LongAdder evicted = new LongAdder();

	/**
	 * Creates a federated limiter.
	 * @param policy what to enforce; its algorithm must be {@link Algorithm#FIXED_WINDOW}
	 * @param config how this process takes part
	 * @param coordinator the global coordinator
	 * @param regional the region's shared escrow, or {@code null} to lease per process
	 * @param clock this process's clock; only its monotonic reading decides expiry
	 * @throws IllegalArgumentException if the algorithm is not fixed-window or the window is
	 * too short for the guard
	 */
	public FederatedRateLimiter(LimitPolicy policy, FederationConfig config, GlobalCoordinator coordinator,
			@Nullable RegionalEscrow regional, Clock clock) {
		this(policy, config, coordinator, regional, clock, null);
	}

	/**
	 * Creates a federated limiter that leases ahead: when requests came while a key's last
	 * lease was in flight and the key holds less than twice as many, its next lease starts on
	 * {@code prefetcher} while requests go on spending what is left, so that at a steady pace
	 * no request waits for the coordinator.
	 * @param policy what to enforce; its algorithm must be {@link Algorithm#FIXED_WINDOW}
	 * @param config how this process takes part
	 * @param coordinator the global coordinator
	 * @param regional the region's shared escrow, or {@code null} to lease per process
	 * @param clock this process's clock; only its monotonic reading decides expiry
	 * @param prefetcher runs leases ahead of need, or {@code null} to lease only when a request
	 * finds too little escrow; a rejected task only means no prefetch
	 * @throws IllegalArgumentException if the algorithm is not fixed-window or the window is
	 * too short for the guard
	 */
	public FederatedRateLimiter(LimitPolicy policy, FederationConfig config, GlobalCoordinator coordinator,
			@Nullable RegionalEscrow regional, Clock clock, @Nullable Executor prefetcher) {
		this.policy = Objects.requireNonNull(policy, "policy");
		this.config = Objects.requireNonNull(config, "config");
		this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
		this.regional = regional;
		this.prefetcher = prefetcher;
		this.clock = Objects.requireNonNull(clock, "clock");
		if (policy.algorithm() != Algorithm.FIXED_WINDOW) {
			throw new IllegalArgumentException("a federated limiter counts in fixed windows only, not "
					+ policy.algorithm() + ": '" + policy.name() + "'");
		}
		this.windowMillis = policy.window().toMillis();
		this.guardNanos = config.guardNanos(this.windowMillis);
		if (2 * this.guardNanos >= this.windowMillis * NANOS_PER_MILLI) {
			throw new IllegalArgumentException("window " + policy.window() + " of '" + policy.name()
					+ "' is too short for the federation guard of " + this.guardNanos / NANOS_PER_MILLI
					+ "ms: it must exceed twice the guard");
		}
		this.holder = config.holder();
		// Ids start from the wall time so that a restarted process never reuses an old one.
		long start = Math.multiplyExact(Math.max(0, clock.wallTimeMillis()), 1000L);
		this.requestIds = new AtomicLong(start);
		this.giveBackSeq = new AtomicLong(start);
	}

	@Override
	public LimitPolicy policy() {
		return this.policy;
	}

	/**
	 * Returns how this process takes part.
	 * @return the configuration
	 */
	public FederationConfig config() {
		return this.config;
	}

	/**
	 * Returns the counts of leases, errors and units.
	 * @return the live counters
	 */
	public FederationStats stats() {
		return this.stats;
	}

	/**
	 * Returns whether the last coordinator call succeeded.
	 * @return {@code false} while the breaker is open
	 */
	public boolean coordinatorUp() {
		return this.coordinatorUp;
	}

	/**
	 * Returns the last exchange with the coordinator, if any.
	 * @return the exchange
	 */
	public @Nullable Exchange lastExchange() {
		return this.lastExchange;
	}

	@Override
	public Decision tryAcquire(String key, long permits) {
		if (permits < 1 || permits > this.policy.limit()) {
			throw new IllegalArgumentException("permits must be between 1 and the limit " + this.policy.limit()
					+ " of '" + this.policy.name() + "': " + permits);
		}
		Objects.requireNonNull(key, "key");
		Decision decision = decide(key, permits);
		(decision.allowed() ? this.allowed : this.denied).increment();
		return decision;
	}

	private Decision decide(String key, long permits) {
		Escrow escrow = escrow(key);
		for (int round = 0;; round++) {
			CompletableFuture<Void> pending;
			boolean leader = false;
			@Nullable Decision admitted = null;
			synchronized (escrow) {
				long now = this.clock.monotonicNanos();
				expire(escrow, now);
				if (round == 0) {
					escrow.used(now);
				}
				else {
					escrow.waiting -= permits;
				}
				// Units a lease brought are held first for the requests that waited for it, so that
				// requests arriving meanwhile cannot take them all and leave those to be denied.
				long spendable = (round == 0) ? escrow.balance - escrow.reserved : escrow.balance;
				if (spendable >= permits) {
					if (round == 0 && escrow.inFlight != null) {
						escrow.arrivals++;
					}
					if (round > 0) {
						escrow.reserved = Math.max(0, escrow.reserved - permits);
					}
					escrow.balance -= permits;
					admitted = Decision.allowed(this.policy.limit(),
							Math.min(this.policy.limit(), escrow.balance + escrow.left), resetNanos(escrow, now));
					pending = prefetchDue(escrow, now) ? (escrow.inFlight = new CompletableFuture<>()) : null;
				}
				else {
					if ((escrow.exhausted && now < escrow.deadlineNanos) || closing(escrow, now)) {
						return denyBudget(escrow, now);
					}
					if (round >= 3) {
						return escrow.outage ? denyOutage(escrow, now) : denyBudget(escrow, now);
					}
					escrow.waiting += permits;
					pending = escrow.inFlight;
					if (pending == null) {
						pending = new CompletableFuture<>();
						escrow.inFlight = pending;
						leader = true;
					}
					else {
						escrow.arrivals++;
					}
				}
			}
			if (admitted != null) {
				if (pending != null) {
					prefetch(key, escrow, pending);
				}
				return admitted;
			}
			if (leader) {
				boolean outage;
				try {
					outage = !refill(key, escrow, permits);
				}
				finally {
					settle(escrow, pending);
				}
				if (outage) {
					return decideInOutage(escrow, permits);
				}
			}
			else {
				pending.join();
			}
		}
	}

	/**
	 * Whether a key that was just spent from should lease now, before a request finds it
	 * empty: requests came while its last lease was in flight, what it holds is less than twice
	 * as many, no lease is in flight, the window is neither spent nor so near its deadline that
	 * the grant would come too late, and the coordinator answers. Called holding the key's
	 * monitor.
	 */
	private boolean prefetchDue(Escrow escrow, long now) {
		long roundTrip = this.roundTripNanos;
		return this.prefetcher != null && escrow.inFlight == null && !escrow.exhausted && !escrow.outage
				&& this.coordinatorUp && roundTrip >= 0 && escrow.demand >= 2 && escrow.balance < 2 * escrow.demand
				&& now + 2 * roundTrip < escrow.deadlineNanos;
	}

	/**
	 * How many units to lease for a key: the batch, or twice what arrived while its last lease
	 * was in flight if that is more — so that one lease in flight keeps up with a key whose
	 * requests outpace a batch per round trip — but not above a quarter of the limit.
	 */
	private long leaseSize(Escrow escrow, long permits) {
		long demand;
		synchronized (escrow) {
			demand = escrow.demand;
		}
		long paced = Math.min(2 * demand, this.policy.limit() / 4);
		return Math.max(Math.max(this.config.batch(), permits), paced);
	}

	private void prefetch(String key, Escrow escrow, CompletableFuture<Void> pending) {
		try {
			this.prefetcher.execute(() -> {
				try {
					this.stats.prefetch();
					refill(key, escrow, 1);
				}
				catch (RuntimeException ex) {
					logger.debug("Prefetch failed limiter={} error={}", this.policy.name(), ex.toString());
				}
				finally {
					settle(escrow, pending);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			synchronized (escrow) {
				if (escrow.inFlight == pending) {
					escrow.inFlight = null;
				}
			}
			pending.complete(null);
		}
	}

	/**
	 * Ends a key's lease in flight, notes how many requests came meanwhile (the one that asked
	 * included), and wakes those that wait for it.
	 */
	private void settle(Escrow escrow, CompletableFuture<Void> pending) {
		synchronized (escrow) {
			if (escrow.inFlight == pending) {
				escrow.inFlight = null;
				escrow.demand = escrow.arrivals + 1;
				escrow.arrivals = 0;
				escrow.reserved = Math.min(escrow.balance, escrow.waiting);
			}
		}
		pending.complete(null);
	}

	/**
	 * Tops up a key's escrow: from the regional escrow, else from the coordinator. Runs on one
	 * thread per key at a time, holding no lock while it waits.
	 * @return {@code false} if the coordinator could not be reached (or was not tried because
	 * the breaker is open) and nothing was added
	 */
	private boolean refill(String key, Escrow escrow, long permits) {
		long want = leaseSize(escrow, permits);
		if (this.regional != null && takeRegional(key, escrow, want)) {
			return true;
		}
		long now = this.clock.monotonicNanos();
		if (!this.coordinatorUp) {
			long due = this.nextProbeNanos.get();
			if (now < due || !this.nextProbeNanos.compareAndSet(due, now + probeDelayNanos())) {
				markOutage(escrow, true);
				return false;
			}
		}
		long leaseWant = (this.regional != null) ? Math.max(this.config.regionalBatch(), want) : want;
		LeaseRequest request = new LeaseRequest(this.policy.name(), key, this.holder, leaseWant,
				this.requestIds.incrementAndGet(), this.policy.limit(), this.windowMillis);
		long sent = this.clock.monotonicNanos();
		LeaseGrant grant;
		try {
			grant = this.coordinator.lease(request);
		}
		catch (CoordinatorException ex) {
			coordinatorFailed(ex, sent);
			markOutage(escrow, true);
			return false;
		}
		catch (RuntimeException ex) {
			coordinatorFailed(new CoordinatorException(Kind.UNAVAILABLE, ex.toString(), ex), sent);
			markOutage(escrow, true);
			return false;
		}
		coordinatorAnswered(sent, grant.coordinatorNowMillis());
		this.stats.lease(grant.granted(), leaseWant);
		long deadline = sent + grant.millisToEnd() * NANOS_PER_MILLI - this.guardNanos;
		long own = grant.granted();
		if (this.regional != null && grant.granted() > want) {
			own = want - depositRegional(key, grant, grant.granted() - want);
		}
		credit(key, escrow, grant.windowIndex(), grant.windowEndMillis(), deadline, own, grant.left(),
				grant.granted() == 0);
		markOutage(escrow, false);
		return true;
	}

	/** Deposits surplus into the regional escrow; returns what it did not accept. */
	private long depositRegional(String key, LeaseGrant grant, long surplus) {
		try {
			long accepted = this.regional.deposit(this.policy.name(), key, grant.windowIndex(),
					grant.windowEndMillis(), surplus);
			return surplus - accepted;
		}
		catch (RuntimeException ex) {
			this.stats.regionalError();
			logger.debug("Regional escrow refused a deposit limiter={} error={}", this.policy.name(), ex.toString());
			return surplus;
		}
	}

	private boolean takeRegional(String key, Escrow escrow, long want) {
		Exchange exchange = this.lastExchange;
		if (exchange == null) {
			return false;
		}
		EscrowTake take;
		try {
			take = this.regional.take(this.policy.name(), key, want);
		}
		catch (RuntimeException ex) {
			this.stats.regionalError();
			logger.debug("Regional escrow failed limiter={} error={}", this.policy.name(), ex.toString());
			return false;
		}
		if (take.units() == 0) {
			return false;
		}
		// The entry's end is on the coordinator's clock: convert it with our latest exchange,
		// and widen the guard by the exchange's age (1 % of it) for clock-rate error.
		long now = this.clock.monotonicNanos();
		long age = Math.max(0, now - exchange.sentNanos());
		long deadline = exchange.sentNanos() + (take.windowEndMillis() - exchange.coordinatorNowMillis()) * NANOS_PER_MILLI
				- this.guardNanos - age / 100;
		credit(key, escrow, take.windowIndex(), take.windowEndMillis(), deadline, take.units(), escrow.left, false);
		synchronized (escrow) {
			return escrow.balance > 0;
		}
	}

	private void credit(String key, Escrow escrow, long window, long windowEndMillis, long deadline, long units,
			long left, boolean zero) {
		synchronized (escrow) {
			long now = this.clock.monotonicNanos();
			if (window < escrow.window) {
				this.stats.forfeited(units);
				return;
			}
			if (window > escrow.window) {
				expireAll(escrow);
				escrow.window = window;
				escrow.windowEndMillis = windowEndMillis;
				escrow.deadlineNanos = deadline;
				escrow.exhausted = false;
			}
			else {
				escrow.deadlineNanos = Math.max(escrow.deadlineNanos, deadline);
			}
			if (now >= deadline) {
				// The window ends within the guard: the key waits for the next one (closing).
				this.stats.forfeited(units);
				return;
			}
			escrow.balance += units;
			if (escrow.balance > 0) {
				this.holding.add(key);
			}
			escrow.left = left;
			if (zero) {
				escrow.exhausted = true;
			}
		}
	}

	/** Decides for the request whose lease failed; it no longer waits. */
	private Decision decideInOutage(Escrow escrow, long permits) {
		synchronized (escrow) {
			escrow.waiting -= permits;
			long now = this.clock.monotonicNanos();
			expire(escrow, now);
			if (escrow.balance >= permits) {
				escrow.balance -= permits;
				escrow.reserved = Math.min(escrow.reserved, escrow.balance);
				return Decision.allowed(this.policy.limit(), escrow.balance, resetNanos(escrow, now));
			}
			Exchange exchange = this.lastExchange;
			if (this.config.outageMode() == OutageMode.REGIONAL_ONLY && this.config.fallbackAllowance() > 0
					&& exchange != null) {
				long estimate = exchange.coordinatorNowMillis()
						+ (now - exchange.sentNanos()) / NANOS_PER_MILLI;
				long window = Math.floorDiv(estimate, this.windowMillis);
				if (window != escrow.fallbackWindow) {
					escrow.fallbackWindow = window;
					escrow.fallbackUsed = 0;
				}
				if (escrow.fallbackUsed + permits <= this.config.fallbackAllowance()) {
					escrow.fallbackUsed += permits;
					this.stats.fallbackAdmitted(permits);
					return Decision.allowed(this.policy.limit(),
							this.config.fallbackAllowance() - escrow.fallbackUsed,
							((window + 1) * this.windowMillis - estimate) * NANOS_PER_MILLI);
				}
			}
			return denyOutage(escrow, now);
		}
	}

	private Decision denyBudget(Escrow escrow, long now) {
		this.stats.denyBudget();
		long reset = resetNanos(escrow, now);
		return Decision.denied(this.policy.limit(), escrow.balance, reset, Math.max(NANOS_PER_MILLI, reset));
	}

	private Decision denyOutage(Escrow escrow, long now) {
		this.stats.denyOutage();
		long retry = Math.max(NANOS_PER_MILLI, this.nextProbeNanos.get() - now);
		return Decision.denied(this.policy.limit(), escrow.balance, resetNanos(escrow, now), retry);
	}

	/** Time until the key's window ends, as far as this process can tell without asking. */
	private long resetNanos(Escrow escrow, long now) {
		if (escrow.window == Long.MIN_VALUE) {
			return this.windowMillis * NANOS_PER_MILLI;
		}
		return Math.max(0, escrow.deadlineNanos + this.guardNanos - now);
	}

	/**
	 * Whether the key's window is past its deadline but, by the latest grant, not yet over at
	 * the coordinator: a lease now would be granted for that window and forfeited.
	 */
	private boolean closing(Escrow escrow, long now) {
		return escrow.window != Long.MIN_VALUE && now >= escrow.deadlineNanos
				&& now - escrow.deadlineNanos < this.guardNanos;
	}

	private void expire(Escrow escrow, long now) {
		if (now >= escrow.deadlineNanos) {
			expireAll(escrow);
		}
	}

	private void expireAll(Escrow escrow) {
		if (escrow.balance > 0) {
			this.stats.expired(escrow.balance);
			escrow.balance = 0;
		}
		escrow.reserved = 0;
	}

	private void markOutage(Escrow escrow, boolean outage) {
		synchronized (escrow) {
			escrow.outage = outage;
		}
	}

	private void coordinatorFailed(CoordinatorException ex, long sent) {
		this.stats.coordinatorError(ex.kind());
		if (this.coordinatorUp) {
			logger.warn("Federation coordinator failed, serving held escrow only limiter={} kind={} error={}",
					this.policy.name(), ex.kind(), ex.getMessage());
		}
		this.coordinatorUp = false;
		// From the failure, not the send: a call that timed out must not make the next one due at once.
		this.failures.incrementAndGet();
		this.nextProbeNanos.set(Math.max(sent, this.clock.monotonicNanos()) + probeDelayNanos());
	}

	/**
	 * How long to wait before trying an unreachable coordinator again: 100 ms after the first
	 * failure, doubling with each failure in a row up to the probe interval, so that a short
	 * outage costs little more than itself and a long one costs few calls.
	 */
	private long probeDelayNanos() {
		long interval = this.config.probeInterval().toNanos();
		long first = Math.min(interval, FIRST_PROBE_DELAY_NANOS);
		int doublings = Math.min(30, Math.max(0, this.failures.get() - 1));
		return Math.min(interval, first << doublings);
	}

	private void coordinatorAnswered(long sent, long coordinatorNowMillis) {
		this.failures.set(0);
		long now = this.clock.monotonicNanos();
		long average = this.roundTripNanos;
		this.roundTripNanos = (average < 0) ? now - sent : average + ((now - sent - average) >> 2);
		this.lastExchange = new Exchange(sent, now - sent, coordinatorNowMillis,
				coordinatorNowMillis - (this.clock.wallTimeMillis() - (now - sent) / 2 / NANOS_PER_MILLI));
		if (!this.coordinatorUp) {
			logger.info("Federation coordinator answers again limiter={}", this.policy.name());
			this.coordinatorUp = true;
		}
	}

	/**
	 * Calls the coordinator's probe if the breaker is open and a probe is due on the clock,
	 * or if {@code force} is set; for a scheduler to call periodically.
	 * @param force whether to probe even when the coordinator is up or a probe is not due
	 * @return whether the coordinator answered, or {@link #coordinatorUp()} if not probed
	 */
	public boolean probe(boolean force) {
		long now = this.clock.monotonicNanos();
		long due = this.nextProbeNanos.get();
		if (!force && (this.coordinatorUp || now < due)) {
			return this.coordinatorUp;
		}
		if (!force && !this.nextProbeNanos.compareAndSet(due, now + probeDelayNanos())) {
			return this.coordinatorUp;
		}
		long sent = this.clock.monotonicNanos();
		try {
			long coordinatorNow = this.coordinator.probe();
			coordinatorAnswered(sent, coordinatorNow);
			return true;
		}
		catch (RuntimeException ex) {
			coordinatorFailed((ex instanceof CoordinatorException coordinatorException) ? coordinatorException
					: new CoordinatorException(Kind.UNAVAILABLE, ex.toString(), ex), sent);
			return false;
		}
	}

	/**
	 * Returns the escrow this process holds for a key now, for tests and the endpoint.
	 * @param key the key
	 * @return live units held
	 */
	public long heldUnits(String key) {
		Escrow escrow = this.escrows.get(key);
		if (escrow == null) {
			return 0;
		}
		synchronized (escrow) {
			return (this.clock.monotonicNanos() < escrow.deadlineNanos) ? escrow.balance : 0;
		}
	}

	/**
	 * Returns the escrow of every key to the coordinator (or the regional escrow), taking it out
	 * of this process first: a lost give-back only loses capacity. Called on shutdown.
	 */
	@Override
	public void close() {
		giveBackIdle(-1);
	}

	/**
	 * Returns the escrow of keys not used for a while, so that other regions can spend it in
	 * the same window instead of it being stranded here; for a scheduler to call periodically.
	 * The units leave this process first; the coordinator credits them only to the window they
	 * were granted for, once, within what this holder was granted.
	 * @param idleNanos how long a key must have gone unused, or a negative value for every key
	 * @return units taken out and sent back
	 */
	public long giveBackIdle(long idleNanos) {
		return giveBackWhere((escrow, now) -> idleNanos < 0 || now - escrow.lastUseNanos >= idleNanos);
	}

	/**
	 * Returns the escrow of keys whose requests have stopped, judged by each key's own pace: a
	 * key is quiet once it has gone unused for {@value #QUIET_GAPS} of its average gaps between
	 * requests, but not before {@code minNanos} and always after {@code maxNanos}. A busy key
	 * thus gives back within milliseconds of its last request, while it is still early enough
	 * for a region that runs short in the same window, and a slow one keeps its escrow between
	 * requests. For a scheduler to call every {@code minNanos} or so.
	 * @param minNanos the least time unused, 0 or more
	 * @param maxNanos the most time unused, at least {@code minNanos}
	 * @return units taken out and sent back
	 */
	public long giveBackQuiet(long minNanos, long maxNanos) {
		if (minNanos < 0 || maxNanos < minNanos) {
			throw new IllegalArgumentException("need 0 <= minNanos <= maxNanos: " + minNanos + ", " + maxNanos);
		}
		return giveBackWhere((escrow, now) -> now - escrow.lastUseNanos >= escrow.quietNanos(minNanos, maxNanos));
	}

	private long giveBackWhere(Idle idle) {
		long total = 0;
		for (Iterator<String> keys = this.holding.iterator(); keys.hasNext();) {
			String key = keys.next();
			Escrow escrow = this.escrows.get(key);
			if (escrow == null) {
				keys.remove();
				continue;
			}
			long units;
			long window;
			long end;
			synchronized (escrow) {
				long now = this.clock.monotonicNanos();
				if (escrow.balance == 0 || now >= escrow.deadlineNanos) {
					// Expired units die with the window; a later credit adds the key again.
					keys.remove();
					continue;
				}
				if (escrow.inFlight != null || !idle.test(escrow, now)) {
					continue;
				}
				units = escrow.balance;
				window = escrow.window;
				end = escrow.windowEndMillis;
				escrow.balance = 0;
				escrow.reserved = 0;
				keys.remove();
			}
			giveBack(key, window, end, units);
			total += units;
		}
		return total;
	}

	/** Whether a key's escrow has gone unused long enough; called holding its monitor. */
	@FunctionalInterface
	private interface Idle {

		boolean test(Escrow escrow, long now);

	}

	private void giveBack(String key, long window, long end, long units) {
		try {
			long credited = (this.regional != null)
					? this.regional.deposit(this.policy.name(), key, window, end, units)
					: this.coordinator.giveBack(new GiveBackRequest(this.policy.name(), key, this.holder, window, units,
							this.giveBackSeq.incrementAndGet()));
			this.stats.returned(credited);
		}
		catch (RuntimeException ex) {
			this.stats.coordinatorError(
					(ex instanceof CoordinatorException coordinatorException) ? coordinatorException.kind() : Kind.UNAVAILABLE);
			logger.debug("Give-back failed limiter={} error={}", this.policy.name(), ex.toString());
		}
	}

	private Escrow escrow(String key) {
		Escrow escrow = this.escrows.get(key);
		if (escrow != null) {
			return escrow;
		}
		if (this.escrows.size() >= this.policy.maxKeys()) {
			trim();
		}
		return this.escrows.computeIfAbsent(key, (k) -> new Escrow());
	}

	/**
	 * Forgets keys past their deadline, then, if still at the bound, a tenth of the rest: their
	 * escrow is lost to this window (capacity only, never the bound).
	 */
	private synchronized void trim() {
		long now = this.clock.monotonicNanos();
		this.escrows.entrySet().removeIf((entry) -> {
			Escrow escrow = entry.getValue();
			synchronized (escrow) {
				return escrow.inFlight == null && now >= escrow.deadlineNanos;
			}
		});
		int excess = this.escrows.size() - this.policy.maxKeys() + 1;
		if (excess > 0) {
			int drop = Math.max(excess, this.policy.maxKeys() / 10);
			Iterator<String> keys = this.escrows.keySet().iterator();
			while (drop-- > 0 && keys.hasNext()) {
				keys.next();
				keys.remove();
				this.evicted.increment();
			}
		}
	}

	@Override
	public int keyCount() {
		return this.escrows.size();
	}

	@Override
	public long evictedKeys() {
		return this.evicted.sum();
	}

	@Override
	public long allowedCount() {
		return this.allowed.sum();
	}

	@Override
	public long deniedCount() {
		return this.denied.sum();
	}

	/**
	 * One key's escrow in this process; guarded by its own monitor.
	 */
	private static final class Escrow {

		long window = Long.MIN_VALUE;

		long windowEndMillis;

		long balance;

		long deadlineNanos = Long.MIN_VALUE;

		long left;

		boolean exhausted;

		boolean outage;

		long fallbackWindow = Long.MIN_VALUE;

		long fallbackUsed;

		long lastUseNanos;

		/** Permits of the requests waiting for a lease, the one leasing included. */
		long waiting;

		/** Units held for the requests that waited for the last lease; at most the balance. */
		long reserved;

		/** Requests that came while the lease in flight was out: spent from escrow or waiting. */
		long arrivals;

		/** Requests that came while the last lease was out, the one that asked included. */
		long demand = 1;

		/** Average gap between requests, over about the last eight; -1 until two were seen. */
		long gapNanos = -1;

		boolean seen;

		void used(long now) {
			if (this.seen) {
				// One pause moves the average at most about threefold (a sample counts at most
				// QUIET_GAPS average gaps, at least a millisecond, at most a second), so that a key
				// busy again after a lull is judged by its new pace within a few requests.
				long gap = Math.min(MAX_GAP_SAMPLE_NANOS, Math.max(0, now - this.lastUseNanos));
				if (this.gapNanos < 0) {
					this.gapNanos = gap;
				}
				else {
					gap = Math.min(gap, Math.max(NANOS_PER_MILLI, QUIET_GAPS * this.gapNanos));
					this.gapNanos += (gap - this.gapNanos) >> 3;
				}
			}
			this.seen = true;
			this.lastUseNanos = now;
		}

		long quietNanos(long min, long max) {
			long paced = (this.gapNanos < 0 || this.gapNanos > max / QUIET_GAPS) ? max : this.gapNanos * QUIET_GAPS;
			return Math.min(max, Math.max(min, paced));
		}

		@Nullable CompletableFuture<Void> inFlight;

	}

	/**
	 * The latest successful exchange with the coordinator.
	 *
	 * @param sentNanos when it was sent, on this process's monotonic clock
	 * @param roundTripNanos how long it took
	 * @param coordinatorNowMillis the coordinator's clock during it
	 * @param offsetMillis the coordinator's clock minus this node's wall clock, estimated at the
	 * round trip's midpoint; reported only, never used to decide
	 */
	public record Exchange(long sentNanos, long roundTripNanos, long coordinatorNowMillis, long offsetMillis) {
	}

}
