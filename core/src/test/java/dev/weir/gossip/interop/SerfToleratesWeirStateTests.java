package dev.weir.gossip.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.weir.state.LoopbackNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real serf agent in a cluster whose Java members replicate counters: it drops Weir's own
 * messages, ignores the state that follows serf's in their push-pull exchanges, and keeps
 * every member alive, while the Java members' counts still converge. Skipped, with a message,
 * where {@code serf} is not installed.
 */
@ExtendWith(SerfInstalled.class)
class SerfToleratesWeirStateTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void stopEverything() throws Exception {
		Collections.reverse(this.resources);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void anAgentAmongMembersThatShareCountsKeepsThemAliveAndTheirCountsConverge() throws Exception {
		SerfAgent agent = SerfAgent.start(SerfInstalled.binary(), "serf-agent", (String) null);
		this.resources.add(agent);
		LoopbackNode first = node("weir-one");
		LoopbackNode second = node("weir-two");
		first.join(agent.gossipAddress());
		// The agent's join makes it exchange push-pull state with a Java member: serf's state,
		// then Weir's counters after it.
		assertThat(agent.join(second.address()).exitCode()).isZero();
		SerfAgent.await("both Java members alive in `serf members`", PATIENCE, agent::members,
				(members) -> members.stream().filter((member) -> member.status().equals("alive")).count() == 3);
		Duration window = Duration.ofMinutes(1);
		for (int i = 0; i < 50; i++) {
			first.counters().counter("reads", window).add("bucket", 1);
			second.counters().counter("reads", window).add("bucket", 2);
			Thread.sleep(20);
		}
		SerfAgent.await("the Java members agree on the count", PATIENCE,
				() -> Map.entry(first.counters().counter("reads", window).current("bucket"),
						second.counters().counter("reads", window).current("bucket")),
				(counts) -> counts.getKey() == 150 && counts.getValue() == 150);
		SerfAgent.holds("serf keeps both Java members alive", Duration.ofSeconds(3), agent::members,
				(members) -> members.stream().filter((member) -> member.status().equals("alive")).count() == 3);
		assertThat(agent.log()).as("serf's log %s", agent.logFile())
			.contains("unknown type")
			.doesNotContain("[ERR]")
			.doesNotContain("Failed push/pull")
			.doesNotContain("Suspect weir-");
		assertThat(first.sync().dropped()).isZero();
		assertThat(second.sync().dropped()).isZero();
	}

	private LoopbackNode node(String name) throws Exception {
		LoopbackNode node = LoopbackNode.start(name);
		this.resources.add(node);
		return node;
	}

}
