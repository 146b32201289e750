package io.dotmac.database.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;

/**
 * Where a benchmark's figures go: one JSON object as the last line of its output (for
 * scripts), and a dated section appended to {@code docs/benchmarks.md} (for people).
 */
final class Report {

	private final Path markdown;

	Report(Path projectRoot) {
		this.markdown = projectRoot.resolve("docs/benchmarks.md");
	}

	/** Environment line: cores, JVM and server versions. */
	static String machine(String postgresVersion) {
		return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version") + ", "
				+ postgresVersion;
	}

	void appendSection(String title, String body) throws IOException {
		Files.createDirectories(this.markdown.getParent());
		if (!Files.exists(this.markdown)) {
			Files.writeString(this.markdown, """
					# Benchmarks

					Every figure here was measured side by side with its alternative in one run, on the machine
					named with it. Ratios hold across runs; absolute figures drift on shared machines. Each section
					names the command that produced it; rerunning it appends a new section.

					""", StandardCharsets.UTF_8);
		}
		String section = "## " + title + " (" + LocalDate.now() + ")\n\n" + body.strip() + "\n\n";
		Files.writeString(this.markdown, section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
	}

}
