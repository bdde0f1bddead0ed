package dev.weir.spring.cache;

/**
 * Turns cached values into the bytes that Weir replicates, and back. Define a bean of this type
 * to replace the default, {@link JdkWeirCacheSerializer}; every instance of a service must use
 * the same one.
 */
public interface WeirCacheSerializer {

	/**
	 * Returns the bytes of a value.
	 * @param value the value, never {@code null} (null values are stored by the cache itself)
	 * @return the bytes, never empty
	 * @throws RuntimeException if the value cannot be serialized; the put fails with it
	 */
	byte[] serialize(Object value);

	/**
	 * Returns the value of bytes that {@link #serialize} produced, possibly on another instance
	 * running another version of the application.
	 * @param bytes the bytes
	 * @return the value
	 * @throws RuntimeException if the bytes cannot be read, such as after a class changed; the
	 * cache then treats the entry as a miss
	 */
	Object deserialize(byte[] bytes);

}
