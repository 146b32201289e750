package io.dotmac.database.rls;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The folded text ({@link FoldedStatements#sql}) of each application SQL, built once per
 * data source. Applications (Hibernate, Spring Data, {@code JdbcTemplate} with constant
 * SQL) prepare the same few texts over and over: reusing the folded string saves building
 * it per statement, and PgJDBC, which looks its statement cache up by the text, hashes it
 * once instead of on every lookup. Bounded: once {@value #MAX_TEXTS} texts are kept (an
 * application that puts literals into its SQL), further texts are built each time rather
 * than kept.
 * <p>
 * Thread-safe: one instance serves every connection of a {@link ScopedDataSource}.
 */
final class FoldedSqlTexts {

	static final int MAX_TEXTS = 4096;

	private final String write;

	private final Map<String, String> texts = new ConcurrentHashMap<>();

	private FoldedSqlTexts(String write) {
		this.write = write;
	}

	/**
	 * The folded texts of an applier, when it folds its write.
	 * @param applier the applier of a data source
	 * @return the texts, or {@code null} when prepared statements are not folded (session
	 * mode, or an applier without a folded write)
	 */
	static @Nullable FoldedSqlTexts of(ConnectionScopeApplier applier) {
		String write = (applier.mode() == RlsMode.TRANSACTION) ? applier.foldedWriteSql() : null;
		return (write != null) ? new FoldedSqlTexts(write) : null;
	}

	/**
	 * The text to prepare for an application SQL: the write, then the SQL.
	 * @param sql the application's SQL
	 * @return the folded text; the write's value is parameter 1
	 */
	String folded(String sql) {
		String folded = this.texts.get(sql);
		if (folded == null) {
			folded = FoldedStatements.sql(this.write, sql);
			if (this.texts.size() < MAX_TEXTS) {
				String raced = this.texts.putIfAbsent(sql, folded);
				if (raced != null) {
					folded = raced;
				}
			}
		}
		return folded;
	}

}
