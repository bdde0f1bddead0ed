package dev.weir.gossip.simulation;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit 5 extension that gives test methods a {@link Simulation} parameter, prints its seed,
 * and attaches the seed to any failure so that the run can be replayed:
 *
 * <pre class="code">
 * &#64;ExtendWith(SimulationExtension.class)
 * class MembershipSimulationTests {
 *
 * 	&#64;Test
 * 	&#64;SimulationSeed(42) // optional: without it, every run draws a fresh seed
 * 	void deadNodeIsDetected(Simulation simulation) {
 * 		SimulatedNetwork network = new SimulatedNetwork(simulation);
 * 		…
 * 	}
 *
 * }
 * </pre>
 *
 * A failure then carries {@code seed=… (replay with -Dweir.sim.seed=…)}, and
 * {@code ./mvnw -pl core test -Dtest=MembershipSimulationTests#deadNodeIsDetected -Dweir.sim.seed=…}
 * replays it. Every {@code Simulation} parameter of one test gets the same seed, so that two
 * runs can be compared.
 *
 * <p>Tests that build their own simulation get the same from
 * {@link Simulation#seedFromSystemPropertyOr(long)} and {@link Simulation#replayHint()}.
 */
public final class SimulationExtension implements ParameterResolver, TestExecutionExceptionHandler {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SimulationExtension.class);

	private static final String SEED = "seed";

	/**
	 * Creates the extension; JUnit calls it.
	 */
	public SimulationExtension() {
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == Simulation.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		ExtensionContext.Store store = extensionContext.getStore(NAMESPACE);
		Long seed = store.get(SEED, Long.class);
		if (seed == null) {
			seed = fixedSeed(extensionContext).map(Simulation::seedFromSystemPropertyOr)
				.orElseGet(Simulation::seedFromSystemPropertyOrRandom);
			store.put(SEED, seed);
			System.out.println("[simulation] " + testName(extensionContext) + ": " + new Simulation(seed).replayHint());
		}
		return new Simulation(seed);
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		Long seed = context.getStore(NAMESPACE).get(SEED, Long.class);
		if (seed != null) {
			String hint = new Simulation(seed).replayHint();
			System.err.println("[simulation] " + testName(context) + " failed with " + hint);
			throwable.addSuppressed(new ReplayHint("Simulation " + hint));
		}
		throw throwable;
	}

	private static String testName(ExtensionContext context) {
		return context.getTestClass().map(Class::getSimpleName).orElse("?") + "."
				+ context.getTestMethod().map((method) -> method.getName()).orElse(context.getDisplayName());
	}

	private static Optional<Long> fixedSeed(ExtensionContext context) {
		List<AnnotatedElement> candidates = new ArrayList<>();
		context.getTestMethod().ifPresent(candidates::add);
		for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
			candidates.add(type);
		}
		for (AnnotatedElement candidate : candidates) {
			SimulationSeed annotation = candidate.getAnnotation(SimulationSeed.class);
			if (annotation != null) {
				return Optional.of(annotation.value());
			}
		}
		return Optional.empty();
	}

	/**
	 * The seed of a failed run, attached to its failure. Carries no stack trace: only the
	 * message matters.
	 */
	static final class ReplayHint extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ReplayHint(String message) {
			super(message, null, false, false);
		}

	}

}
