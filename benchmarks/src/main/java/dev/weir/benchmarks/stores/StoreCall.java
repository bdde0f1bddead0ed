package dev.weir.benchmarks.stores;

/**
 * One call to a store, such as a lease or a plain round trip, made by a caller.
 */
@FunctionalInterface
interface StoreCall {

	/**
	 * Makes the call and waits for its answer.
	 * @param caller who calls
	 */
	void call(Caller caller);

}
