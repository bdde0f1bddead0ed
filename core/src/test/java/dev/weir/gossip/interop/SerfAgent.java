package dev.weir.gossip.interop;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A real {@code serf agent} process on loopback, for interop tests: started with its own
 * gossip and RPC ports and its log in {@code target/serf-interop/}, driven through the
 * {@code serf} command line over RPC, and stopped with SIGKILL.
 */
public final class SerfAgent implements AutoCloseable {

	/**
	 * The system property naming the {@code serf} binary; by default it is looked up on the
	 * {@code PATH}.
	 */
	static final String BINARY_PROPERTY = "weir.serf.binary";

	public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STARTUP_PATIENCE = Duration.ofSeconds(20);

	/**
	 * Where agents write their logs, and tests their agents' configuration files and event
	 * handler output.
	 */
	public static final Path LOG_DIRECTORY = Path.of("target", "serf-interop");

	private final Path binary;

	private final String name;

	private final int port;

	private final int rpcPort;

	private final Path log;

	private final Process process;

	private SerfAgent(Path binary, String name, int port, int rpcPort, Path log, Process process) {
		this.binary = binary;
		this.name = name;
		this.port = port;
		this.rpcPort = rpcPort;
		this.log = log;
		this.process = process;
	}

	/**
	 * Returns the {@code serf} binary: the one {@value #BINARY_PROPERTY} names, or the first
	 * {@code serf} on the {@code PATH}; empty if it is not an executable file.
	 * @return the binary, if installed
	 */
	public static Optional<Path> binary() {
		String configured = System.getProperty(BINARY_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
		}
		String searchPath = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
		for (String directory : searchPath.split(File.pathSeparator)) {
			if (directory.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(directory, "serf");
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Starts an agent with {@code -profile=local} and waits until its RPC answers.
	 * @param binary the {@code serf} binary
	 * @param name the node name
	 * @param encryptKey the base64 key for {@code -encrypt}, or {@code null} for none
	 * @return the running agent
	 */
	static SerfAgent start(Path binary, String name, @Nullable String encryptKey) {
		return start(binary, name, (encryptKey != null) ? List.of("-encrypt=" + encryptKey) : List.of());
	}

	/**
	 * Starts an agent with {@code -profile=local} and more arguments, such as {@code -tag},
	 * {@code -config-file} or {@code -event-handler}, and waits until its RPC answers.
	 * @param binary the {@code serf} binary
	 * @param name the node name
	 * @param arguments more arguments of {@code serf agent}
	 * @return the running agent
	 */
	public static SerfAgent start(Path binary, String name, List<String> arguments) {
		int port = freePort(true);
		int rpcPort = freePort(false);
		List<String> command = new ArrayList<>(List.of(binary.toString(), "agent", "-bind=127.0.0.1:" + port,
				"-rpc-addr=127.0.0.1:" + rpcPort, "-node=" + name, "-log-level=debug", "-profile=local"));
		command.addAll(arguments);
		try {
			Files.createDirectories(LOG_DIRECTORY);
			Path log = LOG_DIRECTORY.resolve(name + "-" + port + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			SerfAgent agent = new SerfAgent(binary, name, port, rpcPort, log, process);
			try {
				agent.awaitRpc();
			}
			catch (RuntimeException | Error ex) {
				agent.close();
				throw ex;
			}
			return agent;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command, ex);
		}
	}

	public String name() {
		return this.name;
	}

	/**
	 * Returns where the agent gossips (UDP and TCP).
	 * @return the gossip address
	 */
	public InetSocketAddress gossipAddress() {
		return new InetSocketAddress(LOOPBACK, this.port);
	}

	public Path logFile() {
		return this.log;
	}

	/**
	 * Returns the agent's log so far.
	 * @return the log
	 */
	public String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex + ")";
		}
	}

	/**
	 * Lists the members the agent knows, through {@code serf members -format=json}.
	 * @return the members, or an empty list if the command failed (said on standard error, so that a
	 * failed command is not mistaken for a member the agent does not list)
	 */
	public List<SerfMember> members() {
		CommandResult result = run("members", "-format=json", rpcAddress());
		if (result.exitCode() != 0) {
			System.err.println("[serf-interop] `serf members` failed on " + this + ": " + result);
			return List.of();
		}
		return SerfMember.parseAll(result.output());
	}

	/**
	 * Returns one member as the agent sees it.
	 * @param member the member's name
	 * @return the member, if the agent knows it
	 */
	public Optional<SerfMember> member(String member) {
		return members().stream().filter((candidate) -> candidate.name().equals(member)).findFirst();
	}

	/**
	 * Asks the agent to join a node, through {@code serf join}.
	 * @param address the node's gossip address
	 * @return what the command printed and returned
	 */
	public CommandResult join(InetSocketAddress address) {
		return run("join", rpcAddress(), address.getAddress().getHostAddress() + ":" + address.getPort());
	}

	/**
	 * Asks the agent to join a node and replay the events it buffers, through
	 * {@code serf join -replay}.
	 * @param address the node's gossip address
	 * @return what the command printed and returned
	 */
	public CommandResult joinWithReplay(InetSocketAddress address) {
		return run("join", rpcAddress(), "-replay", address.getAddress().getHostAddress() + ":" + address.getPort());
	}

	/**
	 * Sends a user event, through {@code serf event}.
	 * @param name the event's name
	 * @param payload its payload
	 * @param coalesce whether receivers may coalesce it ({@code -coalesce})
	 * @return what the command printed and returned
	 */
	public CommandResult event(String name, String payload, boolean coalesce) {
		return run("event", rpcAddress(), "-coalesce=" + coalesce, name, payload);
	}

	/**
	 * Sets tags of the running agent, through {@code serf tags -set}.
	 * @param tags the tags to set or replace
	 * @return what the command printed and returned
	 */
	public CommandResult setTags(Map<String, String> tags) {
		List<String> command = new ArrayList<>(List.of("tags", rpcAddress()));
		tags.forEach((key, value) -> command.add("-set=" + key + "=" + value));
		return run(command.toArray(String[]::new));
	}

	/**
	 * Leaves the cluster gracefully, through {@code serf leave}; the agent then exits.
	 * @return what the command printed and returned
	 */
	public CommandResult leave() {
		return run("leave", rpcAddress());
	}

	/**
	 * Runs a query, through {@code serf query -format=json}, and waits for its end.
	 * @param arguments options such as {@code -node=NAME} or {@code -timeout=5s}, then the
	 * query's name and payload
	 * @return who acknowledged and who answered what
	 */
	public QueryResult query(String... arguments) {
		List<String> command = new ArrayList<>(List.of("query", rpcAddress(), "-format=json"));
		command.addAll(List.of(arguments));
		CommandResult result = run(command.toArray(String[]::new));
		if (result.exitCode() != 0) {
			throw new AssertionError("serf query failed: " + result);
		}
		return QueryResult.parse(result.output());
	}

	/**
	 * Checks that every live member acknowledges serf's internal {@code _serf_ping} query,
	 * through {@code serf reachability -verbose}.
	 * @return what the command printed and returned (exit 0 when all live members answered)
	 */
	public CommandResult reachability() {
		return run("reachability", rpcAddress(), "-verbose");
	}

	/**
	 * Waits until the agent's process has exited, as it does after {@link #leave()}.
	 * @param patience how long to wait at most
	 * @return whether it exited
	 */
	public boolean awaitExit(Duration patience) {
		try {
			return this.process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Kills the agent with SIGKILL ({@link Process#destroyForcibly()} on Unix), so it neither
	 * leaves nor answers anything again, and waits for it to exit.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("serf agent " + this.name + " (pid " + this.process.pid()
						+ ") is still running after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	@Override
	public String toString() {
		return "serf agent " + this.name + " at 127.0.0.1:" + this.port + " (rpc " + this.rpcPort + ", log "
				+ this.log + ")";
	}

	private String rpcAddress() {
		return "-rpc-addr=127.0.0.1:" + this.rpcPort;
	}

	private void awaitRpc() {
		long deadline = System.nanoTime() + STARTUP_PATIENCE.toNanos();
		CommandResult last = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this + " exited with " + this.process.exitValue() + ":\n" + log());
			}
			last = run("members", rpcAddress());
			if (last.exitCode() == 0) {
				return;
			}
			pause();
		}
		throw new IllegalStateException(this + " did not answer RPC within " + STARTUP_PATIENCE + ": " + last
				+ "\n" + log());
	}

	private CommandResult run(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(this.binary.toString());
		command.addAll(List.of(arguments));
		try {
			Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
			child.getOutputStream().close();
			// Read on another thread so that the timeout holds even if the output never ends.
			Supplier<String> output = readAsync(child.getInputStream());
			if (!child.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				child.destroyForcibly();
				return new CommandResult(command, -1, "(timed out after " + COMMAND_TIMEOUT + ")");
			}
			return new CommandResult(command, child.exitValue(), output.get());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted running " + command, ex);
		}
	}

	private static Supplier<String> readAsync(InputStream stream) {
		StringBuilder text = new StringBuilder();
		Thread reader = new Thread(() -> {
			try (stream) {
				String all = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
				synchronized (text) {
					text.append(all);
				}
			}
			catch (IOException ex) {
				synchronized (text) {
					text.append("(output unreadable: ").append(ex).append(')');
				}
			}
		}, "serf-command-output");
		reader.setDaemon(true);
		reader.start();
		return () -> {
			try {
				reader.join(COMMAND_TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			synchronized (text) {
				return text.toString();
			}
		};
	}

	/**
	 * Finds a port free on loopback: for the gossip port both for TCP and UDP, since serf binds
	 * both to it. Another process may take it before the agent binds; that is unlikely enough
	 * on a test machine.
	 */
	private static int freePort(boolean alsoUdp) {
		for (int attempt = 0; attempt < 20; attempt++) {
			try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
				int port = tcp.getLocalPort();
				if (!alsoUdp) {
					return port;
				}
				try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
					return port;
				}
				catch (IOException ex) {
					// Taken for UDP: try another.
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot find a free port on loopback", ex);
			}
		}
		throw new IllegalStateException("No port free for both TCP and UDP on loopback after 20 attempts");
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while polling", ex);
		}
	}

	/**
	 * Polls until a value satisfies a condition, every 100 ms up to a patience, and returns it.
	 * The pauses are only the poll interval: correctness never depends on one being long enough.
	 * @param <T> the type of value
	 * @param what what is awaited, for the failure message
	 * @param patience how long to wait at most
	 * @param probe reads the current value
	 * @param done whether it is the one awaited
	 * @return the first value that satisfied the condition
	 * @throws AssertionError with the last value seen if none did in time
	 */
	public static <T> T await(String what, Duration patience, Supplier<T> probe, Predicate<T> done) {
		long deadline = System.nanoTime() + patience.toNanos();
		T last;
		while (true) {
			last = probe.get();
			if (done.test(last)) {
				return last;
			}
			if (System.nanoTime() >= deadline) {
				throw new AssertionError("Not within " + patience + ": " + what + "; last seen: " + last);
			}
			pause();
		}
	}

	/**
	 * Polls for a period, every 100 ms, that a condition holds throughout: for facts that must
	 * stay true, such as a member staying alive across several probe rounds.
	 * @param <T> the type of value
	 * @param what what must hold, for the failure message
	 * @param period how long it must hold
	 * @param probe reads the current value
	 * @param holds whether it is as it must be
	 * @throws AssertionError with the offending value as soon as it does not hold
	 */
	public static <T> void holds(String what, Duration period, Supplier<T> probe, Predicate<T> holds) {
		long end = System.nanoTime() + period.toNanos();
		while (true) {
			T current = probe.get();
			if (!holds.test(current)) {
				throw new AssertionError("Stopped holding: " + what + "; seen: " + current);
			}
			if (System.nanoTime() >= end) {
				return;
			}
			pause();
		}
	}

	/**
	 * What a {@code serf} command printed and returned.
	 *
	 * @param command the command line
	 * @param exitCode its exit code, -1 if it timed out
	 * @param output its standard output and error
	 */
	public record CommandResult(List<String> command, int exitCode, String output) {

		@Override
		public String toString() {
			return String.join(" ", this.command) + " -> exit " + this.exitCode + ": " + this.output.strip();
		}

	}

	/**
	 * One entry of {@code serf members -format=json}.
	 *
	 * @param name the member's name
	 * @param addr its {@code ip:port}
	 * @param status {@code alive}, {@code leaving}, {@code left} or {@code failed}
	 * @param tags its tags
	 */
	public record SerfMember(String name, String addr, String status, Map<String, String> tags) {

		public SerfMember {
			tags = Map.copyOf(tags);
		}

		static List<SerfMember> parseAll(String json) {
			Object root = new Json(json).document();
			List<SerfMember> members = new ArrayList<>();
			if (root instanceof Map<?, ?> document && document.get("members") instanceof List<?> entries) {
				for (Object entry : entries) {
					if (entry instanceof Map<?, ?> member) {
						Map<String, String> tags = new LinkedHashMap<>();
						if (member.get("tags") instanceof Map<?, ?> raw) {
							raw.forEach((key, value) -> tags.put(String.valueOf(key), String.valueOf(value)));
						}
						members.add(new SerfMember(String.valueOf(member.get("name")), String.valueOf(member.get("addr")),
								String.valueOf(member.get("status")), tags));
					}
				}
			}
			return members;
		}

	}

	/**
	 * The output of {@code serf query -format=json}.
	 *
	 * @param acks the members that acknowledged the query
	 * @param responses each answering member's response
	 */
	public record QueryResult(List<String> acks, Map<String, String> responses) {

		public QueryResult {
			acks = List.copyOf(acks);
			responses = Map.copyOf(responses);
		}

		static QueryResult parse(String json) {
			Object root = new Json(json).document();
			List<String> acks = new ArrayList<>();
			Map<String, String> responses = new LinkedHashMap<>();
			if (root instanceof Map<?, ?> document) {
				if (document.get("Acks") instanceof List<?> entries) {
					entries.forEach((entry) -> acks.add(String.valueOf(entry)));
				}
				if (document.get("Responses") instanceof Map<?, ?> entries) {
					entries.forEach((from, payload) -> responses.put(String.valueOf(from), String.valueOf(payload)));
				}
			}
			return new QueryResult(acks, responses);
		}

	}

	/**
	 * Just enough JSON for {@code serf members} and {@code serf query}: objects, arrays, strings, numbers, booleans
	 * and null, without the test depending on a JSON library.
	 */
	private static final class Json {

		private final String text;

		private int position;

		Json(String text) {
			this.text = text;
		}

		@Nullable Object document() {
			Object value = value();
			skipSpace();
			if (this.position != this.text.length()) {
				throw error("trailing characters");
			}
			return value;
		}

		private @Nullable Object value() {
			skipSpace();
			if (this.position >= this.text.length()) {
				throw error("unexpected end");
			}
			char next = this.text.charAt(this.position);
			return switch (next) {
				case '{' -> object();
				case '[' -> array();
				case '"' -> string();
				case 't' -> literal("true", Boolean.TRUE);
				case 'f' -> literal("false", Boolean.FALSE);
				case 'n' -> literal("null", null);
				default -> number();
			};
		}

		private Map<String, @Nullable Object> object() {
			Map<String, @Nullable Object> object = new LinkedHashMap<>();
			this.position++;
			skipSpace();
			if (peek('}')) {
				this.position++;
				return object;
			}
			while (true) {
				skipSpace();
				String key = string();
				skipSpace();
				expect(':');
				object.put(key, value());
				skipSpace();
				if (peek(',')) {
					this.position++;
					continue;
				}
				expect('}');
				return object;
			}
		}

		private List<@Nullable Object> array() {
			List<@Nullable Object> array = new ArrayList<>();
			this.position++;
			skipSpace();
			if (peek(']')) {
				this.position++;
				return array;
			}
			while (true) {
				array.add(value());
				skipSpace();
				if (peek(',')) {
					this.position++;
					continue;
				}
				expect(']');
				return array;
			}
		}

		private String string() {
			expect('"');
			StringBuilder string = new StringBuilder();
			while (this.position < this.text.length()) {
				char c = this.text.charAt(this.position++);
				if (c == '"') {
					return string.toString();
				}
				if (c != '\\') {
					string.append(c);
					continue;
				}
				if (this.position >= this.text.length()) {
					break;
				}
				char escaped = this.text.charAt(this.position++);
				switch (escaped) {
					case 'b' -> string.append('\b');
					case 'f' -> string.append('\f');
					case 'n' -> string.append('\n');
					case 'r' -> string.append('\r');
					case 't' -> string.append('\t');
					case 'u' -> {
						if (this.position + 4 > this.text.length()) {
							throw error("truncated \\u escape");
						}
						string.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
						this.position += 4;
					}
					default -> string.append(escaped);
				}
			}
			throw error("unterminated string");
		}

		private Object number() {
			int start = this.position;
			while (this.position < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.position)) >= 0) {
				this.position++;
			}
			if (start == this.position) {
				throw error("unexpected character '" + this.text.charAt(this.position) + "'");
			}
			return new BigDecimal(this.text.substring(start, this.position));
		}

		private @Nullable Object literal(String word, @Nullable Object value) {
			if (!this.text.startsWith(word, this.position)) {
				throw error("expected " + word);
			}
			this.position += word.length();
			return value;
		}

		private boolean peek(char c) {
			return this.position < this.text.length() && this.text.charAt(this.position) == c;
		}

		private void expect(char c) {
			if (!peek(c)) {
				throw error("expected '" + c + "'");
			}
			this.position++;
		}

		private void skipSpace() {
			while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
				this.position++;
			}
		}

		private IllegalArgumentException error(String problem) {
			return new IllegalArgumentException(
					"Unreadable serf JSON at " + this.position + ": " + problem + " in: " + this.text);
		}

	}

}
