package dev.weir.limit;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for the validation and factories of {@link LimitPolicy}.
 */
class LimitPolicyTests {

	private static final Duration SECOND = Duration.ofSeconds(1);

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 1_000, LimitPolicy.MAX_LIMIT })
	void acceptsLimitFromOneToMax(long limit) {
		assertThat(policy(limit, SECOND, 10).limit()).isEqualTo(limit);
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, Long.MIN_VALUE })
	void rejectsLimitBelowOne(long limit) {
		assertThatIllegalArgumentException().isThrownBy(() -> policy(limit, SECOND, 10))
			.withMessageContaining("limit")
			.withMessageEndingWith(": " + limit);
	}

	@ParameterizedTest
	@ValueSource(longs = { LimitPolicy.MAX_LIMIT + 1, Long.MAX_VALUE })
	void rejectsLimitAboveMax(long limit) {
		assertThatIllegalArgumentException().isThrownBy(() -> policy(limit, SECOND, 10))
			.withMessageContaining("limit")
			.withMessageContaining(String.valueOf(LimitPolicy.MAX_LIMIT))
			.withMessageEndingWith(": " + limit);
	}

	@Test
	void maxLimitFitsThirtyTwoBitCount() {
		assertThat(LimitPolicy.MAX_LIMIT).isEqualTo(Integer.MAX_VALUE);
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 999, 1_000, 60_000, 0xFFFF_FFFFL })
	void acceptsWholeMillisecondWindowsFromOneMillisecondToMax(long millis) {
		assertThat(policy(10, Duration.ofMillis(millis), 10).window()).isEqualTo(Duration.ofMillis(millis));
	}

	@Test
	void maxWindowIsTwoToTheThirtyTwoMinusOneMilliseconds() {
		assertThat(LimitPolicy.MAX_WINDOW).isEqualTo(Duration.ofMillis(4_294_967_295L));
		assertThat(policy(10, LimitPolicy.MAX_WINDOW, 10).window()).isEqualTo(LimitPolicy.MAX_WINDOW);
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 1, 999_999, -1_000_000 })
	void rejectsWindowShorterThanOneMillisecond(long nanos) {
		Duration window = Duration.ofNanos(nanos);
		assertThatIllegalArgumentException().isThrownBy(() -> policy(10, window, 10))
			.withMessageContaining("window")
			.withMessageContaining(window.toString());
	}

	@Test
	void rejectsWindowLongerThanMax() {
		Duration window = LimitPolicy.MAX_WINDOW.plusMillis(1);
		assertThatIllegalArgumentException().isThrownBy(() -> policy(10, window, 10))
			.withMessageContaining("window")
			.withMessageContaining(window.toString());
	}

	@ParameterizedTest
	@ValueSource(longs = { 1_000_001, 1_500_000, 1_000_500_000, 2_999_999_999L })
	void rejectsWindowWithAFractionOfAMillisecond(long nanos) {
		Duration window = Duration.ofNanos(nanos);
		assertThatIllegalArgumentException().isThrownBy(() -> policy(10, window, 10))
			.withMessageContaining("whole number of milliseconds")
			.withMessageContaining(window.toString());
	}

	@Test
	void windowMillisIsTheWindowInMilliseconds() {
		assertThat(policy(10, Duration.ofMillis(1_500), 10).windowMillis()).isEqualTo(1_500);
		assertThat(policy(10, Duration.ofMinutes(2), 10).windowMillis()).isEqualTo(120_000);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, Integer.MIN_VALUE })
	void rejectsMaxKeysBelowOne(int maxKeys) {
		assertThatIllegalArgumentException().isThrownBy(() -> policy(10, SECOND, maxKeys))
			.withMessageContaining("maxKeys")
			.withMessageEndingWith(": " + maxKeys);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, Integer.MAX_VALUE })
	void acceptsMaxKeysOfOneOrMore(int maxKeys) {
		assertThat(policy(10, SECOND, maxKeys).maxKeys()).isEqualTo(maxKeys);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t\n" })
	void rejectsBlankName(String name) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LimitPolicy(name, 10, SECOND, Algorithm.FIXED_WINDOW, 10))
			.withMessageContaining("name");
	}

	@Test
	void rejectsNullName() {
		assertThatNullPointerException()
			.isThrownBy(() -> new LimitPolicy(null, 10, SECOND, Algorithm.FIXED_WINDOW, 10))
			.withMessage("name");
	}

	@Test
	void rejectsNullWindow() {
		assertThatNullPointerException()
			.isThrownBy(() -> new LimitPolicy("api", 10, null, Algorithm.FIXED_WINDOW, 10))
			.withMessage("window");
	}

	@Test
	void rejectsNullAlgorithm() {
		assertThatNullPointerException().isThrownBy(() -> new LimitPolicy("api", 10, SECOND, null, 10))
			.withMessage("algorithm");
	}

	@Test
	void ofRemembersTheDefaultNumberOfKeys() {
		LimitPolicy policy = LimitPolicy.of("api", 5, SECOND, Algorithm.TOKEN_BUCKET);
		assertThat(policy).isEqualTo(new LimitPolicy("api", 5, SECOND, Algorithm.TOKEN_BUCKET, 100_000));
		assertThat(LimitPolicy.DEFAULT_MAX_KEYS).isEqualTo(100_000);
	}

	@Test
	void ofValidatesLikeTheConstructor() {
		assertThatIllegalArgumentException().isThrownBy(() -> LimitPolicy.of("api", 0, SECOND, Algorithm.TOKEN_BUCKET));
	}

	@Test
	void withMaxKeysChangesOnlyTheKeyBound() {
		LimitPolicy policy = LimitPolicy.of("api", 5, SECOND, Algorithm.SLIDING_WINDOW);
		assertThat(policy.withMaxKeys(7)).isEqualTo(new LimitPolicy("api", 5, SECOND, Algorithm.SLIDING_WINDOW, 7));
	}

	@Test
	void withMaxKeysValidatesTheBound() {
		LimitPolicy policy = LimitPolicy.of("api", 5, SECOND, Algorithm.SLIDING_WINDOW);
		assertThatIllegalArgumentException().isThrownBy(() -> policy.withMaxKeys(0)).withMessageContaining("maxKeys");
	}

	private static LimitPolicy policy(long limit, Duration window, int maxKeys) {
		return new LimitPolicy("api", limit, window, Algorithm.FIXED_WINDOW, maxKeys);
	}

}
