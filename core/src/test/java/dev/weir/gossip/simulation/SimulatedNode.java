package dev.weir.gossip.simulation;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;

import dev.weir.gossip.transport.Transport;
import dev.weir.time.Clock;

/**
 * What one incarnation of a simulated node runs on: everything a gossip node takes injected. A
 * restart gives a new transport, scheduler and random source under the same name and address.
 *
 * @param name the node's name
 * @param address the address it is reached at
 * @param transport its transport on the simulated network
 * @param scheduler its scheduler on the simulation's timeline
 * @param clock the simulation's virtual clock
 * @param random its own random source, derived from the seed, the name and the incarnation
 */
public record SimulatedNode(String name, InetSocketAddress address, Transport transport,
		SimulatedScheduler scheduler, Clock clock, SplittableRandom random) {

}
