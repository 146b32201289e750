package io.dotmac.database.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Serializers for cached values. The cache takes any Spring Data Redis
 * {@link RedisSerializer}; {@link #jackson(Collection)} is the default.
 */
public final class CacheSerializers {

	/** Packages whose types are always trusted: the JDK's value types and collections. */
	public static final List<String> JDK_PACKAGES = List.of("java.lang.", "java.util.", "java.time.", "java.math.",
			"java.net.");

	private CacheSerializers() {
	}

	/**
	 * JSON through Jackson 3 with the type of each value written next to it, so that a
	 * {@code @Cacheable} method's result comes back as the same type. Only types in the
	 * trusted packages (and the JDK's value types and collections) are read back: a value
	 * naming any other class is refused rather than instantiated.
	 * @param trustedPackages package names (for example {@code com.example.shop}) whose
	 * classes may be cached
	 * @return the serializer
	 */
	public static RedisSerializer<Object> jackson(Collection<String> trustedPackages) {
		BasicPolymorphicTypeValidator.Builder validator = BasicPolymorphicTypeValidator.builder()
			.allowIfSubTypeIsArray();
		List<String> prefixes = new ArrayList<>(JDK_PACKAGES);
		for (String name : trustedPackages) {
			if (name == null || name.isBlank()) {
				continue;
			}
			prefixes.add(name.endsWith(".") ? name : name + ".");
		}
		prefixes.forEach(validator::allowIfSubType);
		return GenericJacksonJsonRedisSerializer.builder().enableDefaultTyping(validator.build()).build();
	}

}
