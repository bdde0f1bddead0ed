package dev.weir.state;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.weir.cluster.Cluster;
import dev.weir.cluster.ClusterConfig;
import dev.weir.cluster.ClusterListener;
import dev.weir.gossip.GossipConfig;
import dev.weir.gossip.Profile;
import dev.weir.gossip.Scheduler;
import dev.weir.gossip.transport.Transport;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackWriter;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

class StateSyncTests {

	private final ManualClock clock = new ManualClock(Replicas.START);

	@Test
	void aSnapshotTooLargeForTheExchangeIsLeftOutAndCountedWhileTheCountersStillGo() throws MalformedMessageException {
		StateSync sync = sync("a");
		CounterStore counters = new CounterStore("a", this.clock, 100);
		counters.counter("reads", Duration.ofMinutes(1)).add("bucket", 3);
		sync.register(new Huge("cache/big", StateSync.MAX_SNAPSHOT_BYTES));
		sync.register(counters);
		byte[] state = sync.localState(false);
		assertThat(state.length).isLessThan(StateSync.MAX_SNAPSHOT_BYTES);
		assertThat(sync.snapshotsLeftOut()).isEqualTo(1);
		StateSync other = sync("b");
		CounterStore replica = new CounterStore("b", this.clock, 100);
		other.register(replica);
		other.mergeRemoteState(state, false);
		assertThat(replica.counter("reads", Duration.ofMinutes(1)).current("bucket")).isEqualTo(3);
		assertThat(other.snapshotsMerged()).isEqualTo(1);
	}

	@Test
	void aMessageForAStateThisNodeDoesNotHaveIsDroppedAndCounted() {
		StateSync sync = sync("a");
		byte[] message = new MsgpackWriter().arrayHeader(4)
			.string("cache/unknown")
			.integer(5)
			.bytes(new byte[] { 1 })
			.bool(false)
			.toByteArray();
		assertThat(sync.receive(message)).isFalse();
		assertThat(sync.dropped()).isEqualTo(1);
	}

	@Test
	void aMalformedSnapshotIsDroppedAndCounted() {
		StateSync sync = sync("a");
		sync.register(new CounterStore("a", this.clock, 100));
		sync.mergeRemoteState(new byte[] { (byte) 0x92, 0x01 }, true);
		assertThat(sync.dropped()).isEqualTo(1);
		assertThat(sync.snapshotsMerged()).isZero();
	}

	private StateSync sync(String name) {
		Scheduler scheduler = new Scheduler() {

			@Override
			public void execute(Runnable task) {
				task.run();
			}

			@Override
			public Cancellable schedule(Duration delay, Runnable task) {
				return () -> {
				};
			}

		};
		Transport transport = new Transport() {

			@Override
			public InetSocketAddress advertisedAddress() {
				return new InetSocketAddress("127.0.0.1", 7946);
			}

			@Override
			public void start(Handler handler) {
			}

			@Override
			public void sendPacket(InetSocketAddress to, byte[] packet) {
			}

			@Override
			public void sendStream(InetSocketAddress to, byte[] request, boolean expectReply, Duration timeout,
					StreamCallback callback) {
			}

			@Override
			public void close() {
			}

		};
		Cluster cluster = new Cluster(GossipConfig.of(name, Profile.LAN), ClusterConfig.defaults(), transport, scheduler,
				this.clock, new SplittableRandom(1), new SecureRandom(), new ClusterListener() {
				});
		return new StateSync(cluster, scheduler, Duration.ofMillis(200), GossipConfig.DEFAULT_UDP_BUFFER_SIZE);
	}

	/**
	 * A state whose snapshot is as large as asked.
	 */
	private record Huge(String id, int size) implements ReplicatedState {

		@Override
		public List<byte[]> drainDeltas(int maxBytes) {
			return List.of();
		}

		@Override
		public boolean mergeDelta(byte[] delta) {
			return false;
		}

		@Override
		public byte[] snapshot() {
			return new byte[this.size];
		}

		@Override
		public void mergeSnapshot(byte[] snapshot) {
		}

	}

}
