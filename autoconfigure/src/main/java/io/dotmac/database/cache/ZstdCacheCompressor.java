package io.dotmac.database.cache;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;

/**
 * Zstandard compression through {@code com.github.luben:zstd-jni} (native, fast, a good
 * ratio on JSON). Level 3 unless told otherwise, Zstandard's own default.
 */
public final class ZstdCacheCompressor implements CacheCompressor {

	private final int level;

	/**
	 * Create a compressor at level 3.
	 */
	public ZstdCacheCompressor() {
		this(3);
	}

	/**
	 * Create a compressor.
	 * @param level compression level, 1 (fastest) to 22
	 */
	public ZstdCacheCompressor(int level) {
		if (level < 1 || level > 22) {
			throw new IllegalArgumentException("zstd level must be between 1 and 22, was " + level);
		}
		this.level = level;
	}

	@Override
	public String name() {
		return "zstd";
	}

	@Override
	public byte[] compress(byte[] source) {
		return Zstd.compress(source, this.level);
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalStateException when the bytes are not a valid frame of that length
	 */
	@Override
	public byte[] decompress(byte[] source, int offset, int length, int originalLength) {
		byte[] target = new byte[originalLength];
		long written;
		try {
			written = Zstd.decompressByteArray(target, 0, originalLength, source, offset, length);
		}
		catch (ZstdException ex) {
			throw new IllegalStateException("Corrupt compressed cache value: " + ex.getMessage(), ex);
		}
		if (Zstd.isError(written) || written != originalLength) {
			throw new IllegalStateException("Corrupt compressed cache value"
					+ (Zstd.isError(written) ? ": " + Zstd.getErrorName(written) : ""));
		}
		return target;
	}

}
