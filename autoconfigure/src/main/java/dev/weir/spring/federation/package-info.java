/**
 * Spring Boot support for Weir's federation: {@code weir.federation.*} properties, the
 * coordinator chosen by {@code weir.federation.coordinator}, federated limiters for
 * {@code weir.limits.<name>.scope=federated}, their meters and health.
 */
@NullMarked
package dev.weir.spring.federation;

import org.jspecify.annotations.NullMarked;
