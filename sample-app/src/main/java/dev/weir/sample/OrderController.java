package dev.weir.sample;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.weir.spring.RateLimited;

/**
 * Orders per user. Users are identified by the {@code X-User-Id} header, as a gateway in front
 * of the service would set it (or by the authenticated principal, when there is one).
 */
@RestController
class OrderController {

	private final OrderBook orders;

	OrderController(OrderBook orders) {
		this.orders = orders;
	}

	/**
	 * Each user may place 5 orders per minute (the {@code orders} limiter), and the whole
	 * service 100 per second (an inline limit).
	 */
	@PostMapping("/api/orders")
	@RateLimited(limiter = "orders", key = "#principal?.name ?: #userId")
	@RateLimited(limiter = "order-intake", limit = 100, window = "1s")
	ResponseEntity<Order> place(@RequestHeader("X-User-Id") String userId, @RequestBody OrderRequest request) {
		Order order = this.orders.place(userId, request.item(), request.quantity());
		return ResponseEntity.status(HttpStatus.CREATED).body(order);
	}

	/**
	 * Reading a user's orders spends from that user's budget of 30 reads per minute: the key is
	 * the path variable, seen by name.
	 */
	@GetMapping("/api/users/{userId}/orders")
	@RateLimited(limit = 30, window = "1m", key = "#userId")
	List<Order> list(@PathVariable String userId) {
		return this.orders.of(userId);
	}

	@GetMapping("/api/orders/{id}")
	ResponseEntity<Order> get(@PathVariable long id) {
		return ResponseEntity.of(this.orders.find(id));
	}

	record OrderRequest(String item, int quantity) {
	}

}
