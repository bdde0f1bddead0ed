package dev.weir.spring.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.weir.state.CounterStore;
import dev.weir.state.StateSync;

/**
 * Publishes the shared counts: keys held and evicted, and, when the cluster runs, what the
 * state sync gossips, receives and drops.
 */
public final class StateMeterBinder implements MeterBinder {

	private final CounterStore counters;

	private final @Nullable StateSync sync;

	/**
	 * Creates a binder.
	 * @param counters the shared counts
	 * @param sync their sync, or {@code null} without the cluster
	 */
	public StateMeterBinder(CounterStore counters, @Nullable StateSync sync) {
		this.counters = counters;
		this.sync = sync;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("weir.state.keys", this.counters, CounterStore::keyCount)
			.description("Keys of shared counters and cluster-wide limiters held by this node")
			.register(registry);
		FunctionCounter.builder("weir.state.keys.evicted", this.counters, CounterStore::evictedKeys)
			.description("Live keys of shared counters forgotten at their key bound")
			.register(registry);
		StateSync sync = this.sync;
		if (sync == null) {
			return;
		}
		FunctionCounter.builder("weir.state.deltas.sent", sync, StateSync::deltasSent)
			.description("Deltas of shared state this node gossiped")
			.register(registry);
		FunctionCounter.builder("weir.state.bytes.sent", sync, StateSync::bytesSent)
			.description("Bytes of shared-state deltas this node gossiped, before retransmissions")
			.baseUnit("bytes")
			.register(registry);
		FunctionCounter.builder("weir.state.deltas.received", sync, StateSync::deltasReceived)
			.description("Deltas of shared state received, duplicates included")
			.register(registry);
		FunctionCounter.builder("weir.state.gossip.dropped", sync, StateSync::gossipDropped)
			.description("Shared-state messages dropped from the gossip queue because too many waited")
			.register(registry);
		FunctionCounter.builder("weir.state.dropped", sync, StateSync::dropped)
			.description("Shared-state messages and snapshots dropped as malformed")
			.register(registry);
	}

}
