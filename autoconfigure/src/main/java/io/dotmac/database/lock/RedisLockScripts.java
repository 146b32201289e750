package io.dotmac.database.lock;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the Redis provider. Each runs atomically in Redis, so "check the owner,
 * then act" cannot interleave with another client.
 */
final class RedisLockScripts {

	/**
	 * KEYS: lock, fence counter, waiter flag; ARGV: owner token, lease ms, waiter flag ms (0 for
	 * none). Sets the lock if absent and returns the next fencing token (at least 1). Otherwise
	 * marks, when asked, that someone waits (so that the release publishes) and returns minus the
	 * holder's remaining lease in ms, or 0 if the holder's key has no expiry.
	 */
	static final RedisScript<Long> ACQUIRE = RedisScript.of("""
			if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
			  return redis.call('incr', KEYS[2])
			end
			if ARGV[3] ~= '0' then
			  redis.call('set', KEYS[3], '1', 'PX', ARGV[3])
			end
			local ttl = redis.call('pttl', KEYS[1])
			if ttl < 0 then
			  return 0
			end
			return -ttl
			""", Long.class);

	/**
	 * KEYS: lock, waiter flag; ARGV: owner token, release channel. Deletes the lock only if the
	 * token owns it and, if someone is waiting for it, publishes the lock key on the channel so
	 * that waiters try again at once (an uncontended release publishes nothing). Returns 1 if
	 * released, 0 if the token did not own the lock.
	 */
	static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('get', KEYS[1]) == ARGV[1] then
			  redis.call('del', KEYS[1])
			  if redis.call('exists', KEYS[2]) == 1 then
			    redis.call('publish', ARGV[2], KEYS[1])
			  end
			  return 1
			end
			return 0
			""", Long.class);

	/**
	 * KEYS: lock; ARGV: owner token, lease ms. Sets the remaining lease only if the token owns
	 * the lock. Returns 1 if extended, 0 otherwise.
	 */
	static final RedisScript<Long> EXTEND = RedisScript.of("""
			if redis.call('get', KEYS[1]) == ARGV[1] then
			  return redis.call('pexpire', KEYS[1], ARGV[2])
			end
			return 0
			""", Long.class);

	private RedisLockScripts() {
	}

}
