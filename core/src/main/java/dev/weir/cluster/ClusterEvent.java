package dev.weir.cluster;

/**
 * A user event as delivered to listeners.
 *
 * @param lamportTime the event clock's time it was sent at
 * @param name its name
 * @param payload its payload; shared, do not modify
 * @param coalesce whether the sender allowed coalescing
 */
public record ClusterEvent(long lamportTime, String name, byte[] payload, boolean coalesce) {
}
