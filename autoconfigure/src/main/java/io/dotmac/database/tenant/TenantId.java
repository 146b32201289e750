package io.dotmac.database.tenant;

import java.io.Serial;
import java.io.Serializable;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's identifier, validated on construction so that nothing else ever has to.
 * <p>
 * The allowed form is deliberately conservative: 1 to {@value #MAX_LENGTH} characters, lower
 * case ASCII letters, digits, {@code -} and {@code _}, starting with a letter or a digit (the
 * pattern {@value #PATTERN}). Lower case UUIDs fit. The form keeps a tenant id safe in a
 * PostgreSQL setting, a log line, a cache key and (with a prefix) a schema name, and it
 * makes {@code Acme} and {@code acme} impossible to confuse: upper case is rejected, never
 * folded.
 * <p>
 * Instances are immutable, compare by value, and print and serialize to JSON as the plain id.
 */
public final class TenantId implements Comparable<TenantId>, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** The longest tenant id accepted. */
	public static final int MAX_LENGTH = 48;

	/** The accepted form, as a regular expression (documentation; validation is by hand). */
	public static final String PATTERN = "[a-z0-9][a-z0-9_-]{0,47}";

	private final String value;

	private TenantId(String value) {
		this.value = value;
	}

	/**
	 * Return the tenant id for the given text.
	 * @param value the id, exactly as it must appear (no trimming, no case folding)
	 * @return the tenant id
	 * @throws InvalidTenantIdException if the text is not a valid tenant id; the message says
	 * why without repeating the rejected text
	 */
	@JsonCreator
	public static TenantId of(@Nullable String value) {
		String problem = problemWith(value);
		if (problem != null) {
			throw new InvalidTenantIdException(problem);
		}
		return new TenantId(value);
	}

	/**
	 * Whether the given text is a valid tenant id.
	 * @param value the text to check
	 * @return {@code true} if {@link #of(String)} would accept it
	 */
	public static boolean isValid(@Nullable String value) {
		return problemWith(value) == null;
	}

	// A hand-written check rather than a regex: it runs for every request and can say
	// exactly what is wrong without echoing attacker-controlled text.
	private static @Nullable String problemWith(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return "Tenant id is empty";
		}
		if (value.length() > MAX_LENGTH) {
			return "Tenant id is " + value.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
			if (!letterOrDigit && (i == 0 || (c != '-' && c != '_'))) {
				return "Tenant id has a character that is not allowed at position " + (i + 1)
						+ "; a tenant id matches " + PATTERN;
			}
		}
		return null;
	}

	/**
	 * Return the id as text.
	 * @return the id
	 */
	@JsonValue
	public String value() {
		return this.value;
	}

	@Override
	public int compareTo(TenantId other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof TenantId that && this.value.equals(that.value));
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return this.value;
	}

	@Serial
	private Object readResolve() {
		return of(this.value);
	}

}
