package dev.weir.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.weir.cluster.Cluster;
import dev.weir.cluster.ClusterConfig;
import dev.weir.cluster.ClusterEvent;
import dev.weir.cluster.ClusterListener;
import dev.weir.cluster.MemberStatus;
import dev.weir.gossip.EventLoop;
import dev.weir.gossip.GossipConfig;
import dev.weir.gossip.Profile;
import dev.weir.gossip.transport.NetTransport;
import dev.weir.time.Clock;

/**
 * One Weir cluster node in its own JVM, for {@code benchmarks/scripts/cluster-vs-serf.sh}: the
 * counterpart of one {@code serf agent}. It gossips on loopback with the LAN profile (serf's
 * default), joins the seeds given, and prints to standard output:
 * <ul>
 * <li>{@code alive N} whenever the number of alive members it sees changes (checked every
 * second);</li>
 * <li>{@code event NAME MICROS} when a user event is delivered to it, with the wall-clock time
 * in microseconds since the epoch (the sender's own delivery included);</li>
 * <li>{@code heap USED COMMITTED} every 10 seconds, in bytes.</li>
 * </ul>
 * A line {@code event NAME} on standard input sends a user event of that name.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.weir.benchmarks.ClusterNodeMain NAME PORT
 * [SEED_PORT...]}
 */
public final class ClusterNodeMain {

	private ClusterNodeMain() {
	}

	/**
	 * Runs a node until standard input closes or the process is killed.
	 * @param arguments the node's name, its gossip port, and the ports of seeds on loopback
	 * @throws Exception if it cannot start
	 */
	public static void main(String[] arguments) throws Exception {
		if (arguments.length < 2) {
			System.err.println("usage: ClusterNodeMain NAME PORT [SEED_PORT...]");
			System.exit(2);
		}
		String name = arguments[0];
		int port = Integer.parseInt(arguments[1]);
		InetAddress loopback = InetAddress.getLoopbackAddress();
		List<InetSocketAddress> seeds = new ArrayList<>();
		for (int i = 2; i < arguments.length; i++) {
			seeds.add(new InetSocketAddress(loopback, Integer.parseInt(arguments[i])));
		}
		NetTransport transport = NetTransport.builder().bindAddress(loopback).bindPort(port).bind();
		EventLoop loop = new EventLoop("weir-gossip-" + name);
		Cluster cluster = new Cluster(GossipConfig.of(name, Profile.LAN), ClusterConfig.defaults(), transport, loop,
				Clock.system(), new SplittableRandom(), new SecureRandom(), new ClusterListener() {

					@Override
					public void userEvent(ClusterEvent event) {
						print("event " + event.name() + " " + micros(Instant.now()));
					}

				});
		cluster.start().get(10, TimeUnit.SECONDS);
		if (!seeds.isEmpty()) {
			cluster.join(seeds, false).get(30, TimeUnit.SECONDS);
		}
		ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "reporter");
			thread.setDaemon(true);
			return thread;
		});
		long[] lastAlive = { -1 };
		reporter.scheduleAtFixedRate(() -> {
			long alive = cluster.members().stream().filter((member) -> member.status() == MemberStatus.ALIVE).count();
			if (alive != lastAlive[0]) {
				lastAlive[0] = alive;
				print("alive " + alive);
			}
		}, 0, 1, TimeUnit.SECONDS);
		reporter.scheduleAtFixedRate(() -> {
			MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
			print("heap " + heap.getUsed() + " " + heap.getCommitted());
		}, 10, 10, TimeUnit.SECONDS);
		try (BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = input.readLine()) != null) {
				if (line.startsWith("event ")) {
					cluster.sendUserEvent(line.substring(6).trim(), new byte[0], false);
				}
			}
		}
		catch (IOException ex) {
			// Standard input gone: run until killed.
		}
		Thread.currentThread().join();
	}

	private static long micros(Instant time) {
		return time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
	}

	private static synchronized void print(String line) {
		System.out.println(line);
		System.out.flush();
	}

}
