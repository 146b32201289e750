package io.dotmac.database.lock;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Wakes waiters when a lock is released: one Redis channel per namespace carries the key of
 * every released lock, and each waiter of that key is signalled. A lost message (a subscription
 * that is reconnecting, say) costs at most the waiter's poll interval, never the lock.
 */
final class RedisReleaseNotifications implements MessageListener, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisReleaseNotifications.class);

	private static final long START_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final RedisMessageListenerContainer container;

	private final ConcurrentHashMap<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

	private final Object startMonitor = new Object();

	private volatile long lastStartAttempt;

	private volatile boolean startAttempted;

	RedisReleaseNotifications(RedisConnectionFactory connectionFactory, String channel) {
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(connectionFactory);
		// The listener only signals semaphores: run it on the subscription's own thread rather
		// than a new thread per message, which would add a thread start to every hand-off.
		this.container.setTaskExecutor(Runnable::run);
		this.container.setMaxSubscriptionRegistrationWaitingTime(1000);
		this.container.setBeanName("dotmacLockReleaseNotifications");
		this.container.addMessageListener(this, new ChannelTopic(channel));
		this.container.afterPropertiesSet();
	}

	/**
	 * Subscribes if not subscribed yet; a failure is logged and retried by a later waiter.
	 */
	void ensureListening() {
		if (this.container.isRunning()) {
			return;
		}
		synchronized (this.startMonitor) {
			long now = System.nanoTime();
			if (this.container.isRunning() || (this.startAttempted && now - this.lastStartAttempt < START_RETRY_NANOS)) {
				return;
			}
			this.startAttempted = true;
			this.lastStartAttempt = now;
			try {
				this.container.start();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not subscribe to lock release notifications; waiters poll until it works", ex);
			}
		}
	}

	Waiter register(String key) {
		Waiter waiter = new Waiter(key);
		this.waiters.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(waiter);
		return waiter;
	}

	void unregister(Waiter waiter) {
		this.waiters.computeIfPresent(waiter.key, (k, set) -> {
			set.remove(waiter);
			return set.isEmpty() ? null : set;
		});
	}

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		String key = new String(message.getBody(), StandardCharsets.UTF_8);
		Set<Waiter> set = this.waiters.get(key);
		if (set != null) {
			set.forEach(Waiter::signal);
		}
	}

	@Override
	public void close() {
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Could not stop lock release notifications cleanly", ex);
		}
	}

	/**
	 * One thread waiting for one lock key.
	 */
	static final class Waiter {

		private final String key;

		private final Semaphore signals = new Semaphore(0);

		Waiter(String key) {
			this.key = key;
		}

		void signal() {
			this.signals.release();
		}

		/**
		 * Sleeps until signalled or until the time is up.
		 * @param nanos the longest sleep
		 * @throws InterruptedException if interrupted
		 */
		void await(long nanos) throws InterruptedException {
			if (this.signals.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
				this.signals.drainPermits();
			}
		}

	}

}
