package io.dotmac.database.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.FileSystemUtils;

/**
 * The private temporary directory each embedded server keeps all its files in, so that stopping
 * it, or the orphan watchdog, has exactly one directory to delete.
 */
final class WorkDirectories {

	private static final Log logger = LogFactory.getLog(WorkDirectories.class);

	private static final int TAIL_LINES = 30;

	private WorkDirectories() {
	}

	static Path create(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a temporary directory " + prefix + "*", ex);
		}
	}

	static void deleteQuietly(Path directory) {
		try {
			FileSystemUtils.deleteRecursively(directory);
		}
		catch (IOException ex) {
			logger.debug("Could not delete " + directory, ex);
		}
	}

	/**
	 * The last lines of a log file, for an exception message.
	 * @param log the log file
	 * @return its last lines, or why there are none
	 */
	static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
