package io.dotmac.database.migration.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A plain text table with a header, columns as wide as their widest cell.
 */
final class TextTable {

	private static final int MAX_CELL = 80;

	private final List<String> header;

	private final List<List<String>> rows = new ArrayList<>();

	TextTable(String... header) {
		this.header = List.of(header);
	}

	TextTable row(@Nullable Object... cells) {
		List<String> row = new ArrayList<>();
		for (Object cell : cells) {
			String text = (cell != null) ? cell.toString().replace('\n', ' ') : "";
			row.add((text.length() > MAX_CELL) ? text.substring(0, MAX_CELL - 3) + "..." : text);
		}
		this.rows.add(row);
		return this;
	}

	boolean isEmpty() {
		return this.rows.isEmpty();
	}

	void print(PrintStream out) {
		int[] widths = new int[this.header.size()];
		for (int i = 0; i < widths.length; i++) {
			widths[i] = this.header.get(i).length();
			for (List<String> row : this.rows) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		line(out, this.header, widths);
		List<String> rule = new ArrayList<>();
		for (int width : widths) {
			rule.add("-".repeat(width));
		}
		line(out, rule, widths);
		for (List<String> row : this.rows) {
			line(out, row, widths);
		}
	}

	private static void line(PrintStream out, List<String> cells, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				line.append("  ");
			}
			line.append(cells.get(i));
			if (i < cells.size() - 1) {
				line.append(" ".repeat(widths[i] - cells.get(i).length()));
			}
		}
		out.println(line.toString().stripTrailing());
	}

}
