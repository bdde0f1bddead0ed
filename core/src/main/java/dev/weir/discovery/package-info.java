/**
 * Discovery: how a node finds the members of its cluster to join, at startup and periodically
 * afterwards.
 */
@NullMarked
package dev.weir.discovery;

import org.jspecify.annotations.NullMarked;
