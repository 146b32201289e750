package io.dotmac.database.rls;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Session mode's memory of the tenant setting on each physical connection, so that a
 * connection that already carries the right value costs no round trip.
 * <p>
 * Only values known to be committed are remembered: a session-level {@code set_config}
 * made inside a transaction is undone if that transaction rolls back, so such values are
 * forgotten instead and set again by the next unit of work. Physical connections are
 * weak keys: a connection the pool closes drops out by itself. (PgJDBC's connection keeps
 * {@code Object}'s identity {@code equals}.)
 */
public final class SessionSettingCache {

	// One memory per setting name for the whole JVM: the physical connection is shared by
	// every RlsDataSource over the same pool, so a per-wrapper memory could believe a value
	// that another wrapper has since overwritten.
	private static final Map<String, SessionSettingCache> bySettingName = new ConcurrentHashMap<>();

	private final Map<Object, String> values = Collections.synchronizedMap(new WeakHashMap<>());

	private SessionSettingCache() {
	}

	/**
	 * The memory of one setting, shared by the whole JVM.
	 * @param settingName the PostgreSQL setting
	 * @return its memory
	 */
	public static SessionSettingCache forSetting(String settingName) {
		return bySettingName.computeIfAbsent(settingName, (name) -> new SessionSettingCache());
	}

	/**
	 * The committed value of the setting on a physical connection.
	 * @param physical the driver's connection
	 * @return the value, or {@code null} when unknown
	 */
	public @Nullable String get(Object physical) {
		return this.values.get(physical);
	}

	/**
	 * Remember a committed value.
	 * @param physical the driver's connection
	 * @param value the value
	 */
	public void remember(Object physical, String value) {
		this.values.put(physical, value);
	}

	/**
	 * Forget the value of a connection.
	 * @param physical the driver's connection
	 */
	public void forget(Object physical) {
		this.values.remove(physical);
	}

}
