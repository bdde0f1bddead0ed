/**
 * Time as Weir's engine sees it: an injected {@link dev.weir.time.Clock}, so that every
 * time-dependent decision can run on virtual time in tests.
 */
@NullMarked
package dev.weir.time;

import org.jspecify.annotations.NullMarked;
