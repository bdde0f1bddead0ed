package dev.weir.sample;

/**
 * An order placed by a user.
 */
record Order(long id, String userId, String item, int quantity) {
}
