package dev.weir.gossip.interop;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.weir.gossip.EventLoop;
import dev.weir.gossip.GossipConfig;
import dev.weir.gossip.GossipDelegate;
import dev.weir.gossip.GossipNode;
import dev.weir.gossip.Member;
import dev.weir.gossip.MembershipListener;
import dev.weir.gossip.Profile;
import dev.weir.gossip.crypto.Keyring;
import dev.weir.gossip.interop.SerfAgent.SerfMember;
import dev.weir.gossip.transport.NetTransport;
import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.NodeState;
import dev.weir.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Interop of {@link GossipNode} with a real {@code serf agent} (Debian {@code serf} 0.9.4,
 * memberlist 0.2.2) on loopback: joins both ways, failure detection both ways, encryption, and
 * leave. Both sides use memberlist's local profile so that failures are detected in seconds.
 * Skipped, with a message on standard error, where {@code serf} is not installed.
 *
 * <p>Waits poll every 100 ms up to {@link #PATIENCE}; nothing relies on a sleep being long
 * enough. The agents' debug logs are kept in {@code core/target/serf-interop/}.
 */
@ExtendWith(SerfInstalled.class)
@Timeout(60)
class SerfInteropTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * How long a pair must stay alive to each other: three probe rounds of the local profile,
	 * so each side has pinged the other, over UDP, at least twice.
	 */
	private static final Duration STEADY = Duration.ofSeconds(3);

	/**
	 * The key of {@code serf agent -encrypt}: 32 bytes 0x00..0x1f.
	 */
	private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	/**
	 * Another valid key: 32 bytes 0x20..0x3f.
	 */
	private static final String WRONG_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

	/**
	 * serf's encoding of no tags: 0xff, then an empty msgpack map (PROTOCOL.md 9.1).
	 */
	private static final byte[] NO_TAGS = { (byte) 0xff, (byte) 0x80 };

	private static final String JAVA_NAME = "weir-java";

	private static final String AGENT_NAME = "serf-agent";

	private final List<AutoCloseable> resources = new ArrayList<>();

	private @Nullable NetTransport javaTransport;

	@AfterEach
	void stopEverything() throws Exception {
		Collections.reverse(this.resources);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void javaNodeThatJoinsAnAgentIsListedAliveBySerf() throws Exception {
		SerfAgent agent = agent(null);
		GossipNode node = javaNode(null);
		assertThat(join(node, agent)).isEqualTo(1);
		SerfMember seen = SerfAgent.await(JAVA_NAME + " alive in `serf members` of " + agent, PATIENCE,
				() -> agent.member(JAVA_NAME), (member) -> member.filter(isStatus("alive")).isPresent())
			.orElseThrow();
		assertThat(seen.addr()).isEqualTo("127.0.0.1:" + javaAddress().getPort());
		assertThat(seen.tags()).as("tags decoded from meta ff 80").isEmpty();
		assertStaysAlive(node, agent);
	}

	@Test
	void agentThatJoinsTheJavaNodeIsListedAliveByIt() throws Exception {
		GossipNode node = javaNode(null);
		SerfAgent agent = agent(null);
		SerfAgent.CommandResult joined = agent.join(javaAddress());
		assertThat(joined.exitCode()).as("%s", joined).isZero();
		SerfAgent.await(AGENT_NAME + " alive among the Java node's members", PATIENCE, () -> JavaView.of(node),
				(view) -> view.state(AGENT_NAME).equals(Optional.of(NodeState.ALIVE)));
		Member seen = node.members().stream().filter((member) -> member.name().equals(AGENT_NAME)).findFirst()
			.orElseThrow();
		assertThat(seen.address()).isEqualTo(agent.gossipAddress());
		assertThat(seen.meta()).as("the agent's meta: serf tags, none").isEqualTo(NO_TAGS);
		SerfAgent.await(JAVA_NAME + " alive in `serf members` of " + agent, PATIENCE, () -> agent.member(JAVA_NAME),
				(member) -> member.filter(isStatus("alive")).isPresent());
		assertStaysAlive(node, agent);
	}

	@Test
	void agentKilledWithSigkillIsDeclaredDeadByTheJavaNode() throws Exception {
		SerfAgent agent = agent(null);
		GossipNode node = javaNode(null);
		join(node, agent);
		SerfAgent.await(JAVA_NAME + " alive in `serf members` of " + agent, PATIENCE, () -> agent.member(JAVA_NAME),
				(member) -> member.filter(isStatus("alive")).isPresent());
		long killed = System.nanoTime();
		agent.kill();
		SerfAgent.await(AGENT_NAME + " dead among the Java node's members", PATIENCE, () -> JavaView.of(node),
				(view) -> view.state(AGENT_NAME).equals(Optional.of(NodeState.DEAD)));
		report("Java node declared the SIGKILLed agent dead after %d ms",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
	}

	@Test
	void javaNodeThatStopsAnsweringIsListedFailedBySerf() throws Exception {
		SerfAgent agent = agent(null);
		GossipNode node = javaNode(null);
		join(node, agent);
		SerfAgent.await(JAVA_NAME + " alive in `serf members` of " + agent, PATIENCE, () -> agent.member(JAVA_NAME),
				(member) -> member.filter(isStatus("alive")).isPresent());
		long stopped = System.nanoTime();
		// No leave: the node just stops answering, as if its process had been killed.
		node.shutdown();
		SerfAgent.await(JAVA_NAME + " failed in `serf members` of " + agent, PATIENCE, () -> agent.member(JAVA_NAME),
				(member) -> member.filter(isStatus("failed")).isPresent());
		report("serf declared the silent Java node failed after %d ms",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped));
		assertThat(agent.log()).as("serf's own failure detection in %s", agent.logFile())
			.contains("Suspect " + JAVA_NAME + " has failed, no acks received");
	}

	@Test
	void javaNodeWithTheAgentsKeyJoinsAnEncryptedAgentAndIsListedAlive() throws Exception {
		SerfAgent agent = agent(KEY);
		GossipNode node = javaNode(Keyring.fromBase64(List.of(KEY)));
		assertThat(join(node, agent)).isEqualTo(1);
		SerfAgent.await(JAVA_NAME + " alive in `serf members` of " + agent, PATIENCE, () -> agent.member(JAVA_NAME),
				(member) -> member.filter(isStatus("alive")).isPresent());
		assertStaysAlive(node, agent);
	}

	@Test
	void javaNodeWithAWrongKeyIsRefusedByAnEncryptedAgent() throws Exception {
		SerfAgent agent = agent(KEY);
		GossipNode node = javaNode(Keyring.fromBase64(List.of(WRONG_KEY)));
		CompletableFuture<Integer> joined = node.join(List.of(agent.gossipAddress()));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> joined.get(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
			.withCauseInstanceOf(IllegalStateException.class)
			.withMessageContaining("could not join any of");
		// serf cannot decrypt our push-pull, logs it and answers with an error it encrypts with
		// its own key, which we in turn cannot decrypt.
		SerfAgent.await("serf's decryption failure in " + agent.logFile(), PATIENCE, agent::log,
				(log) -> log.contains("No installed keys could decrypt the message"));
		assertThat(node.drops().count(DropReason.UNDECRYPTABLE)).as("undecryptable drops, %s", node.drops())
			.isPositive();
		assertThat(agent.member(JAVA_NAME)).as("%s in `serf members`", JAVA_NAME).isEmpty();
		assertThat(JavaView.of(node).state(AGENT_NAME)).as("%s among the Java node's members", AGENT_NAME).isEmpty();
	}

	/**
	 * {@link GossipNode#leave(Duration)} is memberlist's leave only: a {@code dead} message
	 * about itself with {@code From} = itself. memberlist 0.2.2 in the agent turns that into
	 * state left, but serf 0.9.4 maps a memberlist leave of a member that is still alive to
	 * <em>failed</em>; only a member that first sent a serf leave intent (status leaving) ends up
	 * <em>left</em> (PROTOCOL.md 9.3 and 9.4). A bare {@code GossipNode} sends no serf intents, so
	 * the agent shows failed; a serf-level leave, which would show left, is a later issue. The node keeps
	 * answering pings here, so the agent's verdict must come from the leave message and not from
	 * its own failure detection.
	 */
	@Test
	void memberlistLeaveWithoutSerfLeaveIntentIsListedFailedNotLeftBySerf() throws Exception {
		SerfAgent agent = agent(null);
		GossipNode node = javaNode(null);
		join(node, agent);
		SerfAgent.await(JAVA_NAME + " alive in `serf members` of " + agent, PATIENCE, () -> agent.member(JAVA_NAME),
				(member) -> member.filter(isStatus("alive")).isPresent());
		node.leave(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
		SerfAgent.await(JAVA_NAME + " failed in `serf members` of " + agent, PATIENCE, () -> agent.member(JAVA_NAME),
				(member) -> member.filter(isStatus("failed")).isPresent());
		assertThat(agent.log()).as("serf's log %s", agent.logFile())
			.contains("EventMemberFailed: " + JAVA_NAME)
			.doesNotContain("EventMemberLeave: " + JAVA_NAME)
			.doesNotContain("Suspect " + JAVA_NAME + " has failed")
			.doesNotContain("Marking " + JAVA_NAME + " as failed");
	}

	// ---------------------------------------------------------------- helpers

	private SerfAgent agent(@Nullable String key) {
		SerfAgent agent = SerfAgent.start(SerfInstalled.binary(), AGENT_NAME, key);
		this.resources.add(agent);
		return agent;
	}

	private GossipNode javaNode(@Nullable Keyring keyring) throws Exception {
		GossipConfig config = GossipConfig.of(JAVA_NAME, Profile.LOCAL).withKeyring(keyring);
		NetTransport transport = NetTransport.builder().bindAddress(SerfAgent.LOOPBACK).bindPort(0).bind();
		EventLoop loop = new EventLoop("weir-interop-" + JAVA_NAME);
		this.resources.add(loop);
		GossipNode node = new GossipNode(config, transport, loop, Clock.system(), new SplittableRandom(),
				new SecureRandom(), new SerfTagsDelegate(), new MembershipListener() {
				});
		this.resources.add(node::shutdown);
		this.resources.add(transport);
		this.javaTransport = transport;
		node.start().get(5, TimeUnit.SECONDS);
		return node;
	}

	/**
	 * Checks that the Java node and the agent stay alive to each other for {@link #STEADY}:
	 * probes, acks and gossip work both ways (over UDP, since neither side falls back to TCP
	 * without first missing a UDP ack), and the Java node dropped nothing it received.
	 */
	private static void assertStaysAlive(GossipNode node, SerfAgent agent) {
		SerfAgent.holds("serf sees " + JAVA_NAME + " alive and the Java node sees " + AGENT_NAME + " alive", STEADY,
				() -> Map.entry(agent.member(JAVA_NAME).map(SerfMember::status).orElse("absent"), JavaView.of(node)),
				(seen) -> seen.getKey().equals("alive")
						&& seen.getValue().state(AGENT_NAME).equals(Optional.of(NodeState.ALIVE)));
		assertThat(agent.log()).as("serf's log %s", agent.logFile())
			.doesNotContain("Failed ping: " + JAVA_NAME)
			.doesNotContain("Suspect " + JAVA_NAME)
			.doesNotContain("[ERR]")
			.doesNotContain("[WARN]");
		assertThat(node.healthScore()).as("the Java node's health score (0 = all its probes were acked)").isZero();
		assertThat(node.drops().total()).as("what the Java node dropped: %s", node.drops()).isZero();
	}

	private InetSocketAddress javaAddress() {
		return Objects.requireNonNull(this.javaTransport, "no Java node yet").advertisedAddress();
	}

	private static int join(GossipNode node, SerfAgent agent) throws Exception {
		return node.join(List.of(agent.gossipAddress())).get(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static Predicate<SerfMember> isStatus(String status) {
		return (member) -> member.status().equals(status);
	}

	private static void report(String format, Object... arguments) {
		System.out.println("[serf-interop] " + String.format(format, arguments));
	}

	/**
	 * What the Java node knows, read for polling and shown in failure messages.
	 *
	 * @param members its members
	 * @param healthScore its Lifeguard health score
	 * @param drops what it dropped
	 */
	private record JavaView(List<Member> members, int healthScore, String drops) {

		static JavaView of(GossipNode node) {
			return new JavaView(node.members(), node.healthScore(), node.drops().toString());
		}

		Optional<NodeState> state(String name) {
			return this.members.stream().filter((member) -> member.name().equals(name)).map(Member::state).findFirst();
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder("members [");
			for (Member member : this.members) {
				text.append(member.name()).append('=').append(member.state()).append(" inc ").append(member.incarnation())
					.append(" at ").append(member.address().getPort()).append("; ");
			}
			return text.append("], health ").append(this.healthScore).append(", ").append(this.drops).toString();
		}

	}

	/**
	 * Advertises no tags the way serf encodes them, so the agent can decode our meta.
	 */
	private static final class SerfTagsDelegate implements GossipDelegate {

		@Override
		public byte[] nodeMeta() {
			return NO_TAGS.clone();
		}

	}

}
