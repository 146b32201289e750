package io.dotmac.database.cache;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CacheValueCodecTests {

	private final CacheValueCodec codec = new CacheValueCodec(CacheSerializers.jackson(List.of()),
			new ZstdCacheCompressor(), 64);

	@Test
	void valuesRoundTripCompressedOrNotAndNullIsAValue() {
		String large = "abc".repeat(1000);
		CacheValueCodec.Encoded big = this.codec.encode(large);
		assertThat(big.compressed()).isTrue();
		assertThat(this.codec.decode(big.frame())).isEqualTo(large);
		CacheValueCodec.Encoded small = this.codec.encode("abc");
		assertThat(small.compressed()).isFalse();
		assertThat(this.codec.decode(small.frame())).isEqualTo("abc");
		CacheValueCodec.Encoded none = this.codec.encode(null);
		assertThat(CacheValueCodec.isNullFrame(none.frame())).isTrue();
		assertThat(this.codec.decode(none.frame())).isNull();
	}

	@Test
	void incompressibleValuesAreStoredPlain() {
		byte[] random = new byte[4096];
		new java.util.Random(42).nextBytes(random);
		CacheValueCodec.Encoded encoded = this.codec.encode(java.util.Base64.getEncoder().encodeToString(random));
		// Base64 of random bytes compresses a little; the frame is never larger than plain + header.
		assertThat(encoded.frame().length).isLessThanOrEqualTo(encoded.serializedBytes() + 5);
	}

	@Test
	void corruptOrHostileFramesAreRefused() {
		assertThatIllegalStateException().isThrownBy(() -> this.codec.decode(new byte[0]));
		assertThatIllegalStateException().isThrownBy(() -> this.codec.decode(new byte[] { 7, 1 }));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.codec.decode(new byte[] { CacheValueCodec.COMPRESSED, 0x7f, -1, -1, -1, 1, 2 }))
			.withMessageContaining("claims");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.codec.decode(new byte[] { CacheValueCodec.COMPRESSED, 0, 0, 0, 10, 1, 2, 3 }));
	}

	@Test
	void redisGlobsBecomeEquivalentRegularExpressions() {
		Pattern pattern = NearCache.globToRegex("dmc:acme:5:users:user:*");
		assertThat(pattern.matcher("dmc:acme:5:users:user:42").matches()).isTrue();
		assertThat(pattern.matcher("dmc:acme:5:users:order:42").matches()).isFalse();
		assertThat(NearCache.globToRegex("a?c").matcher("abc").matches()).isTrue();
		assertThat(NearCache.globToRegex("a[bx]c").matcher("axc").matches()).isTrue();
		assertThat(NearCache.globToRegex("a[^b]c").matcher("abc").matches()).isFalse();
		assertThat(NearCache.globToRegex("a.c+(").matcher("a.c+(").matches()).isTrue();
		assertThat(NearCache.globToRegex("a.c").matcher("abc").matches()).isFalse();
		assertThat(NearCache.globToRegex("a\\*").matcher("a*").matches()).isTrue();
		assertThat(NearCache.globToRegex("a\\*").matcher("ab").matches()).isFalse();
	}

}
