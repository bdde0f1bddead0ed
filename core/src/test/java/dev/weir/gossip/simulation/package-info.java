/**
 * Deterministic simulation of gossip clusters: one virtual timeline ({@link
 * dev.weir.gossip.simulation.Simulation}) that runs every node's tasks in one thread, and an
 * in-memory network ({@link dev.weir.gossip.simulation.SimulatedNetwork}) with loss, delay,
 * jitter, duplication, partitions and crashes.
 *
 * <p>A run depends only on its seed: the same seed replays the same events in the same order at
 * the same virtual times. Tests print the seed, and {@code -Dweir.sim.seed=…} replays it (see
 * {@link dev.weir.gossip.simulation.SimulationExtension}).
 *
 * <p>Test code, shipped in weir-core's test-jar so that other modules can simulate too. Not
 * thread-safe: everything here is used from the thread that runs the simulation.
 */
@NullMarked
package dev.weir.gossip.simulation;

import org.jspecify.annotations.NullMarked;
