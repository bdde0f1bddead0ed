/**
 * Weir in Actuator: health probe paths and Micrometer meters.
 */
@NullMarked
package dev.weir.spring.actuate;

import org.jspecify.annotations.NullMarked;
