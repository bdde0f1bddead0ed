package dev.weir.sample;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * Orders kept in memory: enough for a sample.
 */
@Component
class OrderBook {

	private final ConcurrentMap<Long, Order> orders = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	Order place(String userId, String item, int quantity) {
		Order order = new Order(this.ids.incrementAndGet(), userId, item, quantity);
		this.orders.put(order.id(), order);
		return order;
	}

	List<Order> of(String userId) {
		return this.orders.values().stream().filter((order) -> order.userId().equals(userId)).toList();
	}

	Optional<Order> find(long id) {
		return Optional.ofNullable(this.orders.get(id));
	}

}
