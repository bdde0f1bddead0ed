/**
 * The PostgreSQL coordinator of Weir's federation, over Spring JDBC.
 */
@NullMarked
package dev.weir.spring.federation.jdbc;

import org.jspecify.annotations.NullMarked;
