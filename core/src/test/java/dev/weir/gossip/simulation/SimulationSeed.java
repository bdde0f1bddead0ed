package dev.weir.gossip.simulation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fixes the seed of the {@link Simulation}s that {@link SimulationExtension} gives a test
 * method, or every method of a class. The system property {@value Simulation#SEED_PROPERTY}
 * still overrides it, to replay a run. Without it, each run draws a fresh seed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface SimulationSeed {

	/**
	 * Returns the seed.
	 * @return the seed
	 */
	long value();

}
