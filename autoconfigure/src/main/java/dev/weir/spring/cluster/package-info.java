/**
 * This application's node in Weir's cluster: {@code weir.cluster.*} and
 * {@code weir.discovery.*}.
 */
@NullMarked
package dev.weir.spring.cluster;

import org.jspecify.annotations.NullMarked;
