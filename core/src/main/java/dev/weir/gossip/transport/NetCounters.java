package dev.weir.gossip.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * The running counts of a {@link NetTransport}, lock-free because every I/O thread bumps them.
 */
final class NetCounters {

	final LongAdder packetsSent = new LongAdder();

	final LongAdder packetsReceived = new LongAdder();

	final LongAdder bytesSent = new LongAdder();

	final LongAdder bytesReceived = new LongAdder();

	final LongAdder streamsAccepted = new LongAdder();

	final LongAdder streamsRefused = new LongAdder();

	final LongAdder streamsFailed = new LongAdder();

	final LongAdder sendErrors = new LongAdder();

	NetTransport.Counters snapshot() {
		return new NetTransport.Counters(this.packetsSent.sum(), this.packetsReceived.sum(), this.bytesSent.sum(),
				this.bytesReceived.sum(), this.streamsAccepted.sum(), this.streamsRefused.sum(),
				this.streamsFailed.sum(), this.sendErrors.sum());
	}

}
