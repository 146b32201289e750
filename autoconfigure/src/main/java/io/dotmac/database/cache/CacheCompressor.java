package io.dotmac.database.cache;

/**
 * A compression codec for cached values. The cache writes the uncompressed length next to
 * the compressed bytes, so a codec need not record it.
 */
public interface CacheCompressor {

	/**
	 * Return the codec's name, for statistics.
	 * @return the name
	 */
	String name();

	/**
	 * Compress bytes.
	 * @param source the bytes
	 * @return the compressed bytes
	 */
	byte[] compress(byte[] source);

	/**
	 * Decompress bytes.
	 * @param source array holding the compressed bytes
	 * @param offset where they start
	 * @param length how many there are
	 * @param originalLength the length before compression
	 * @return the original bytes
	 */
	byte[] decompress(byte[] source, int offset, int length, int originalLength);

}
