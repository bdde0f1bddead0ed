package dev.weir.spring.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.weir.cluster.Cluster;
import dev.weir.cluster.ClusterMember;
import dev.weir.cluster.MemberStatus;
import dev.weir.discovery.SeedProvider;
import dev.weir.gossip.EventLoop;
import dev.weir.gossip.GossipNode;
import dev.weir.gossip.Scheduler.Cancellable;

/**
 * This application's node in the cluster, started and stopped with the application context:
 * it joins through the seeds discovery gives (and keeps trying while it is alone), re-joins
 * seeds that are not alive members at the re-join interval, and on shutdown it leaves
 * gracefully before the gossip port closes.
 */
public final class WeirCluster implements SmartLifecycle, AutoCloseable {

	/**
	 * The lifecycle phase: on stop, after the web server's graceful shutdown has drained the
	 * requests in flight and before the web server stops, so the order is stop accepting,
	 * leave, close.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

	private static final Logger logger = LoggerFactory.getLogger(WeirCluster.class);

	private static final Duration ALONE_RETRY_INTERVAL = Duration.ofSeconds(10);

	private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(5);

	private final Cluster cluster;

	private final EventLoop loop;

	private final SeedProvider seeds;

	private final Duration rejoinInterval;

	private volatile boolean running;

	private volatile boolean closed;

	private volatile @Nullable Cancellable rejoin;

	WeirCluster(Cluster cluster, EventLoop loop, SeedProvider seeds, Duration rejoinInterval) {
		this.cluster = Objects.requireNonNull(cluster, "cluster");
		this.loop = Objects.requireNonNull(loop, "loop");
		this.seeds = Objects.requireNonNull(seeds, "seeds");
		this.rejoinInterval = Objects.requireNonNull(rejoinInterval, "rejoinInterval");
	}

	/**
	 * Returns the cluster member this application runs.
	 * @return the cluster
	 */
	public Cluster cluster() {
		return this.cluster;
	}

	/**
	 * Returns the thread the cluster runs on, for layers over it such as the state sync.
	 * @return the scheduler
	 */
	public dev.weir.gossip.Scheduler scheduler() {
		return this.loop;
	}

	/**
	 * Returns the gossip node underneath.
	 * @return the node
	 */
	public GossipNode node() {
		return this.cluster.gossip();
	}

	/**
	 * Returns the members this node knows, itself included, in any status not yet removed.
	 * @return a snapshot
	 */
	public List<ClusterMember> members() {
		return this.cluster.members();
	}

	@Override
	public void start() {
		await(this.cluster.start(), Duration.ofSeconds(10));
		this.running = true;
		joinSeeds();
		this.cluster.rejoinFrom(this.seeds, this.rejoinInterval);
	}

	private void joinSeeds() {
		if (!this.running) {
			return;
		}
		boolean alone = this.cluster.members().stream().filter((m) -> m.status() == MemberStatus.ALIVE).count() <= 1;
		if (alone) {
			List<InetSocketAddress> seeds = this.seeds.seeds();
			if (!seeds.isEmpty()) {
				this.cluster.join(seeds, false).whenComplete((count, failure) -> {
					if (failure != null) {
						logger.info("Could not join the cluster yet through {}: {}; retrying in {}", seeds,
								failure.getMessage(), ALONE_RETRY_INTERVAL);
					}
					else {
						logger.info("Joined the cluster through {} of {} seeds", count, seeds.size());
					}
				});
			}
		}
		this.rejoin = this.loop.schedule(ALONE_RETRY_INTERVAL, this::joinSeeds);
	}

	@Override
	public void stop() {
		this.running = false;
		Cancellable rejoin = this.rejoin;
		if (rejoin != null) {
			rejoin.cancel();
		}
		try {
			await(this.cluster.leave(LEAVE_TIMEOUT), LEAVE_TIMEOUT.multipliedBy(2).plusSeconds(2));
		}
		finally {
			close();
		}
	}

	/**
	 * Closes the gossip port without leaving; what the context does if it fails to start.
	 */
	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.cluster.shutdown();
			this.loop.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private static void await(CompletableFuture<?> future, Duration timeout) {
		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Cluster operation did not complete in {}", timeout, ex);
		}
	}

}
