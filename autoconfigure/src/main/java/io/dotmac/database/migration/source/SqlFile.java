package io.dotmac.database.migration.source;

import java.util.Objects;

/**
 * One file of an SQL migration folder, read.
 *
 * @param fileName the file name, without folders
 * @param origin where it was read from (a URL or path), for messages
 * @param content the text, UTF-8 decoded, without a byte order mark
 */
public record SqlFile(String fileName, String origin, String content) {

	/**
	 * Validate the file and drop a byte order mark.
	 */
	public SqlFile {
		Objects.requireNonNull(fileName, "fileName must not be null");
		Objects.requireNonNull(origin, "origin must not be null");
		Objects.requireNonNull(content, "content must not be null");
		if (content.startsWith("\uFEFF")) {
			content = content.substring(1);
		}
	}

}
