package io.dotmac.database.cache;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Turns values into the bytes stored in Redis and back: the serializer first, then the
 * compressor when the serialized form is larger than the threshold and compression
 * actually makes it smaller. One header byte says which; a null (for Spring caches that
 * cache nulls) is a header byte alone.
 */
final class CacheValueCodec {

	static final byte PLAIN = 0;

	static final byte COMPRESSED = 1;

	static final byte NULL = 2;

	/** Refuses to inflate a value beyond this (a corrupt or hostile header). */
	static final int MAX_VALUE_BYTES = 256 * 1024 * 1024;

	private static final byte[] NULL_FRAME = { NULL };

	private final RedisSerializer<Object> serializer;

	private final @Nullable CacheCompressor compressor;

	private final int threshold;

	CacheValueCodec(RedisSerializer<Object> serializer, @Nullable CacheCompressor compressor, int threshold) {
		this.serializer = Objects.requireNonNull(serializer, "serializer");
		this.compressor = compressor;
		this.threshold = threshold;
	}

	/** What was written: the frame and the sizes before and after compression. */
	record Encoded(byte[] frame, int serializedBytes, boolean compressed) {
	}

	Encoded encode(@Nullable Object value) {
		if (value == null) {
			return new Encoded(NULL_FRAME, 0, false);
		}
		byte[] serialized = this.serializer.serialize(value);
		if (serialized == null) {
			return new Encoded(NULL_FRAME, 0, false);
		}
		if (this.compressor != null && this.threshold >= 0 && serialized.length > this.threshold) {
			byte[] compressed = this.compressor.compress(serialized);
			if (compressed.length + 5 < serialized.length) {
				byte[] frame = new byte[compressed.length + 5];
				frame[0] = COMPRESSED;
				int n = serialized.length;
				frame[1] = (byte) (n >>> 24);
				frame[2] = (byte) (n >>> 16);
				frame[3] = (byte) (n >>> 8);
				frame[4] = (byte) n;
				System.arraycopy(compressed, 0, frame, 5, compressed.length);
				return new Encoded(frame, serialized.length, true);
			}
		}
		byte[] frame = new byte[serialized.length + 1];
		frame[0] = PLAIN;
		System.arraycopy(serialized, 0, frame, 1, serialized.length);
		return new Encoded(frame, serialized.length, false);
	}

	@Nullable Object decode(byte[] frame) {
		if (frame.length == 0) {
			throw new IllegalStateException("Empty cache value");
		}
		return switch (frame[0]) {
			case NULL -> null;
			case PLAIN -> this.serializer.deserialize(slice(frame, 1));
			case COMPRESSED -> this.serializer.deserialize(inflate(frame));
			default -> throw new IllegalStateException("Unknown cache value format " + frame[0]);
		};
	}

	private byte[] inflate(byte[] frame) {
		if (frame.length < 5) {
			throw new IllegalStateException("Truncated compressed cache value");
		}
		int n = ((frame[1] & 0xff) << 24) | ((frame[2] & 0xff) << 16) | ((frame[3] & 0xff) << 8) | (frame[4] & 0xff);
		if (n < 0 || n > MAX_VALUE_BYTES) {
			throw new IllegalStateException("Compressed cache value claims " + n + " bytes");
		}
		if (this.compressor == null) {
			throw new IllegalStateException("A cached value is compressed but no compressor is configured");
		}
		return this.compressor.decompress(frame, 5, frame.length - 5, n);
	}

	private static byte[] slice(byte[] frame, int from) {
		byte[] out = new byte[frame.length - from];
		System.arraycopy(frame, from, out, 0, out.length);
		return out;
	}

	static boolean isNullFrame(byte[] frame) {
		return frame.length == 1 && frame[0] == NULL;
	}

}
