package dev.weir.spring.cache;

import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;

/**
 * The default {@link WeirCacheSerializer}: Java serialization through Spring's converters,
 * reading classes from the application's class loader. Cached values must be
 * {@link java.io.Serializable}; failures are Spring's
 * {@link org.springframework.core.serializer.support.SerializationFailedException}.
 */
public final class JdkWeirCacheSerializer implements WeirCacheSerializer {

	private final SerializingConverter serializer = new SerializingConverter();

	private final DeserializingConverter deserializer;

	/**
	 * Creates a serializer.
	 * @param classLoader where deserialized classes come from
	 */
	public JdkWeirCacheSerializer(ClassLoader classLoader) {
		this.deserializer = new DeserializingConverter(classLoader);
	}

	@Override
	public byte[] serialize(Object value) {
		return this.serializer.convert(value);
	}

	@Override
	public Object deserialize(byte[] bytes) {
		return this.deserializer.convert(bytes);
	}

}
