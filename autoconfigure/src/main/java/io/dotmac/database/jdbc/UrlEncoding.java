package io.dotmac.database.jdbc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as RFC 3986 defines it, strict on input: a {@code %} must be followed by
 * two hex digits and the bytes must be valid UTF-8. Errors name the component, never its
 * value.
 */
final class UrlEncoding {

	private static final String HEX = "0123456789ABCDEF";

	private UrlEncoding() {
	}

	/**
	 * Decode a percent-encoded component.
	 * @param value the raw component
	 * @param plusIsSpace whether {@code +} means a space, as it does for the PostgreSQL JDBC
	 * driver (which decodes with {@code URLDecoder}) but not for libpq
	 * @param component what the value is, for the error message ("the password")
	 * @return the decoded value
	 * @throws InvalidDatabaseUrlException if an escape is malformed or the bytes are not
	 * UTF-8
	 */
	static String decode(String value, boolean plusIsSpace, String component) {
		if (value.indexOf('%') < 0 && !(plusIsSpace && value.indexOf('+') >= 0)) {
			return value;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%') {
				int high = (i + 1 < value.length()) ? Character.digit(value.charAt(i + 1), 16) : -1;
				int low = (i + 2 < value.length()) ? Character.digit(value.charAt(i + 2), 16) : -1;
				if (high < 0 || low < 0) {
					throw new InvalidDatabaseUrlException("invalid percent-encoding in " + component
							+ "; a '%' must be followed by two hex digits (write a literal '%' as %25)");
				}
				bytes.write((high << 4) + low);
				i += 2;
			}
			else if (c == '+' && plusIsSpace) {
				bytes.write(' ');
			}
			else {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				if (Character.isHighSurrogate(c) && i + 1 < value.length()) {
					encoded = value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
					i++;
				}
				bytes.writeBytes(encoded);
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidDatabaseUrlException("invalid percent-encoding in " + component
					+ "; the escaped bytes are not UTF-8");
		}
	}

	/**
	 * Percent-encode everything but RFC 3986's unreserved characters, so that both libpq
	 * and the JDBC driver's {@code URLDecoder} read the value back unchanged.
	 * @param value the value to encode
	 * @return the encoded value
	 */
	static String encode(String value) {
		StringBuilder result = new StringBuilder(value.length());
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				result.append((char) c);
			}
			else {
				result.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
			}
		}
		return result.toString();
	}

}
