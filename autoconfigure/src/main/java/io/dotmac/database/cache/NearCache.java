package io.dotmac.database.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory tier: a bounded Caffeine cache keyed by full Redis key (so it is tenant-
 * and generation-scoped exactly like Redis). Every invalidation bumps a counter; a value
 * read from Redis is kept only if no invalidation happened while it was being read, so a
 * racing invalidation from another instance cannot leave a stale value behind.
 */
final class NearCache {

	private static final Object NULL = new Object();

	private final Cache<String, Object> cache;

	private final AtomicLong invalidations = new AtomicLong();

	NearCache(TenantCacheSettings.NearCacheSettings settings) {
		this.cache = Caffeine.newBuilder()
			.maximumSize(settings.maximumSize())
			.expireAfterWrite(settings.ttl())
			.build();
	}

	@Nullable CachedValue get(String key) {
		Object value = this.cache.getIfPresent(key);
		if (value == null) {
			return null;
		}
		return new CachedValue((value == NULL) ? null : value);
	}

	long mark() {
		return this.invalidations.get();
	}

	void putIfUnchanged(String key, @Nullable Object value, long mark) {
		if (this.invalidations.get() != mark) {
			return;
		}
		this.cache.put(key, (value != null) ? value : NULL);
		if (this.invalidations.get() != mark) {
			this.cache.invalidate(key);
		}
	}

	void invalidate(String key) {
		this.invalidations.incrementAndGet();
		this.cache.invalidate(key);
	}

	void invalidateMatching(String globPattern) {
		this.invalidations.incrementAndGet();
		Pattern regex = globToRegex(globPattern);
		this.cache.asMap().keySet().removeIf((key) -> regex.matcher(key).matches());
	}

	void invalidatePrefix(String prefix) {
		this.invalidations.incrementAndGet();
		this.cache.asMap().keySet().removeIf((key) -> key.startsWith(prefix));
	}

	void clear() {
		this.invalidations.incrementAndGet();
		this.cache.invalidateAll();
	}

	long size() {
		return this.cache.estimatedSize();
	}

	/** Redis glob: {@code *}, {@code ?}, {@code [...]} and backslash escapes. */
	static Pattern globToRegex(String glob) {
		StringBuilder regex = new StringBuilder(glob.length() + 8);
		boolean inClass = false;
		for (int i = 0; i < glob.length(); i++) {
			char c = glob.charAt(i);
			if (c == '\\' && i + 1 < glob.length()) {
				regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
			}
			else if (inClass) {
				if (c == ']') {
					inClass = false;
					regex.append(']');
				}
				else if (c == '^' && glob.charAt(i - 1) == '[') {
					regex.append('^');
				}
				else if (c == '-') {
					regex.append('-');
				}
				else {
					regex.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
				}
			}
			else if (c == '*') {
				regex.append(".*");
			}
			else if (c == '?') {
				regex.append('.');
			}
			else if (c == '[' && glob.indexOf(']', i + 1) > i + 1) {
				inClass = true;
				regex.append('[');
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString(), Pattern.DOTALL);
	}

}
