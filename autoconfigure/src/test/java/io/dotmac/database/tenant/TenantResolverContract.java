package io.dotmac.database.tenant;

import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link TenantResolver} passes (in the spirit of ShedLock's shared
 * provider tests): a subclass says how its resolver carries text in a request, and inherits
 * the checks. A resolver extracts exactly what the request carries, nothing when it carries
 * nothing, never throws on hostile or random input, never turns such input into a valid id,
 * and is safe to share between threads.
 */
abstract class TenantResolverContract {

	/** Ids every channel must carry verbatim. */
	static final List<String> VALID_IDS = List.of("acme", "a", "0", "tenant-42", "t_1-x",
			"0123456789abcdef0123456789abcdef0123456789abcdef", "4f1c2a9e-8b7d-4c3a-9e1f-0a2b3c4d5e6f");

	/** Text that must never become a valid tenant id on its way through a resolver. */
	static final List<String> HOSTILE = List.of("acme' OR '1'='1", "acme'; DROP TABLE dotmac_tenants; --",
			"acme\r\nX-Injected: yes", "acme\n", " acme", "acme ", "acmé", "\u212Acme", "\u0130cme",
			"ａｃｍｅ", "acme\u0000", "acme%00", "%61cme", "../acme", "acme/..", "a.b", "-acme", "_acme",
			"<script>alert(1)</script>", "${jndi:ldap://x/a}", "acme,globex", "a".repeat(49), "a".repeat(10_240), "");

	/**
	 * A resolver and a request in which it should find {@code text}.
	 * @param text the text to carry
	 * @return the case, or {@code null} when this channel cannot carry that text at all
	 */
	protected abstract @Nullable Case carrying(String text);

	/**
	 * A resolver and a request that carries no tenant for it.
	 * @return the case, or {@code null} for a resolver that always finds a tenant
	 */
	protected abstract @Nullable Case carryingNothing();

	/**
	 * What the resolver documents it yields for carried text; verbatim unless overridden.
	 * @param text the carried text
	 * @return the expected result
	 */
	protected @Nullable String expected(String text) {
		return text;
	}

	@Test
	void validIdsAreYieldedVerbatim() {
		for (String id : VALID_IDS) {
			Case c = carrying(id);
			if (c != null) {
				assertThat(c.resolve()).as("resolving %s", id).isEqualTo(id);
			}
		}
	}

	@Test
	void nothingCarriedYieldsNull() {
		Case c = carryingNothing();
		if (c != null) {
			assertThat(c.resolve()).isNull();
		}
	}

	@Test
	void hostileTextIsNeverMadeValid() {
		for (String text : HOSTILE) {
			Case c = carrying(text);
			if (c == null) {
				continue;
			}
			String resolved = c.resolve();
			assertThat(resolved).as("resolving hostile text #%d", HOSTILE.indexOf(text)).isEqualTo(expected(text));
			assertThat(resolved != null && TenantId.isValid(resolved))
				.as("hostile text #%d came out as the valid id %s", HOSTILE.indexOf(text), resolved)
				.isFalse();
		}
	}

	@Test
	void randomTextYieldsExactlyWhatIsDocumentedAndNeverThrows() {
		Random random = new Random(20240603);
		String alphabet = "abcxyz019-_ABCZ '\";%/\\.,:\r\n\t\u0000\u00e9\u212a\uff41<>&${}";
		for (int i = 0; i < 2_000; i++) {
			int length = random.nextInt(60);
			StringBuilder text = new StringBuilder(length);
			for (int j = 0; j < length; j++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String input = text.toString();
			Case c = carrying(input);
			if (c != null) {
				assertThat(c.resolve()).as("random input %d", i).isEqualTo(expected(input));
			}
		}
	}

	@Test
	void isSafeToShareBetweenThreads() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Boolean>> tasks = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String id = "tenant-" + i;
				Case c = carrying(id);
				if (c == null) {
					continue;
				}
				tasks.add(() -> id.equals(c.resolve()));
			}
			for (Future<Boolean> result : pool.invokeAll(tasks)) {
				assertThat(result.get()).isTrue();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void readsNeitherBodyNorParameters() {
		Case c = carrying("acme");
		if (c != null) {
			c.request().setContent("tenant=globex".getBytes());
			c.request().setContentType("application/x-www-form-urlencoded");
			// Reading parameters of a form post consumes the body the application wants to read.
			assertThat(c.resolver().resolve(new BodyGuard(c.request()))).isEqualTo("acme");
		}
	}

	/** Fails the test when anything reads the body or the parameters. */
	static final class BodyGuard extends HttpServletRequestWrapper {

		BodyGuard(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() {
			throw new AssertionError("A tenant resolver read the request body");
		}

		@Override
		public BufferedReader getReader() {
			throw new AssertionError("A tenant resolver read the request body");
		}

		@Override
		public String getParameter(String name) {
			throw new AssertionError("A tenant resolver read request parameters");
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			throw new AssertionError("A tenant resolver read request parameters");
		}

		@Override
		public String[] getParameterValues(String name) {
			throw new AssertionError("A tenant resolver read request parameters");
		}

		@Override
		public Collection<Part> getParts() {
			throw new AssertionError("A tenant resolver read the request body");
		}

	}

	/**
	 * A resolver with a request for it.
	 * @param resolver the resolver
	 * @param request the request
	 */
	record Case(TenantResolver resolver, MockHttpServletRequest request) {

		@Nullable String resolve() {
			return this.resolver.resolve(this.request);
		}

	}

}
