package io.dotmac.database.cache;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Carries invalidations between instances over one Redis pub/sub channel, so that each
 * instance's near cache drops what another instance changed. A message is
 * {@code <instance>\n<kind>\n<payload>}; an instance ignores its own messages.
 */
final class InvalidationBus implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(InvalidationBus.class);

	/** A full key was written or deleted. */
	static final char KEY = 'K';

	/** Keys matching a full glob pattern were deleted. */
	static final char PATTERN = 'P';

	/** A tenant's generation moved on: payload {@code <namespace> <generation>}. */
	static final char TENANT = 'T';

	private final String instanceId = UUID.randomUUID().toString();

	private final String channel;

	private final RedisMessageListenerContainer container;

	InvalidationBus(RedisConnectionFactory connectionFactory, String channel, Consumer<Invalidation> handler) {
		this.channel = channel;
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(connectionFactory);
		this.container.setRecoveryInterval(1000L);
		this.container.addMessageListener((Message message, byte[] pattern) -> {
			Invalidation invalidation = parse(message.getBody());
			if (invalidation != null) {
				try {
					handler.accept(invalidation);
				}
				catch (RuntimeException ex) {
					logger.warn("Could not apply a cache invalidation message", ex);
				}
			}
		}, new ChannelTopic(channel));
		this.container.afterPropertiesSet();
		this.container.start();
	}

	String channel() {
		return this.channel;
	}

	byte[] encode(char kind, String payload) {
		return (this.instanceId + '\n' + kind + '\n' + payload).getBytes(StandardCharsets.UTF_8);
	}

	private @Nullable Invalidation parse(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		int first = text.indexOf('\n');
		if (first < 0 || first + 2 >= text.length() || text.charAt(first + 2) != '\n') {
			return null;
		}
		if (text.startsWith(this.instanceId) && first == this.instanceId.length()) {
			return null;
		}
		return new Invalidation(text.charAt(first + 1), text.substring(first + 3));
	}

	@Override
	public void close() {
		try {
			this.container.stop();
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Could not stop the cache invalidation listener cleanly", ex);
		}
	}

	/** A received invalidation. */
	record Invalidation(char kind, String payload) {
	}

}
