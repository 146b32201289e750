package io.dotmac.database.jdbc;

import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HikariPoolDefaultsTests {

	private final HikariPoolDefaults defaults = HikariPoolDefaults.standard();

	@Test
	void knowsHikarisOwnDefaults() {
		// applyTo() only touches settings that still hold these; if a Hikari upgrade
		// changes one, this fails instead of applyTo() silently doing nothing.
		HikariConfig fresh = new HikariConfig();
		assertThat(fresh.getKeepaliveTime()).isEqualTo(HikariPoolDefaults.HIKARI_KEEPALIVE_TIME);
		assertThat(fresh.getMaxLifetime()).isEqualTo(HikariPoolDefaults.HIKARI_MAX_LIFETIME);
		assertThat(fresh.getLeakDetectionThreshold()).isEqualTo(HikariPoolDefaults.HIKARI_LEAK_DETECTION_THRESHOLD);
		assertThat(fresh.getConnectionTimeout()).isEqualTo(HikariPoolDefaults.HIKARI_CONNECTION_TIMEOUT);
		assertThat(fresh.getValidationTimeout()).isEqualTo(HikariPoolDefaults.HIKARI_VALIDATION_TIMEOUT);
	}

	@Test
	void hasTheDocumentedValues() {
		assertThat(this.defaults.keepaliveTime()).isEqualTo(Duration.ofSeconds(60));
		assertThat(this.defaults.maxLifetime()).isEqualTo(Duration.ofMinutes(20));
		assertThat(this.defaults.leakDetectionThreshold()).isEqualTo(Duration.ofMinutes(2));
		assertThat(this.defaults.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.defaults.validationTimeout()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void appliesEverySettingToAFreshConfiguration() {
		HikariConfig config = new HikariConfig();
		this.defaults.applyTo(config);
		assertThat(config.getKeepaliveTime()).isEqualTo(60_000);
		assertThat(config.getMaxLifetime()).isEqualTo(1_200_000);
		assertThat(config.getLeakDetectionThreshold()).isEqualTo(120_000);
		assertThat(config.getConnectionTimeout()).isEqualTo(5_000);
		assertThat(config.getValidationTimeout()).isEqualTo(2_000);
	}

	@Test
	void leavesSettingsTheUserChanged() {
		HikariConfig config = new HikariConfig();
		config.setMaxLifetime(Duration.ofMinutes(10).toMillis());
		config.setConnectionTimeout(1_000);
		config.setKeepaliveTime(0);
		this.defaults.applyTo(config);
		assertThat(config.getMaxLifetime()).isEqualTo(600_000);
		assertThat(config.getConnectionTimeout()).isEqualTo(1_000);
		assertThat(config.getKeepaliveTime()).isZero();
		assertThat(config.getLeakDetectionThreshold()).isEqualTo(120_000);
		assertThat(config.getValidationTimeout()).isEqualTo(2_000);
	}

	@Test
	void valuesSurviveHikarisOwnValidation() {
		// Hikari silently resets values it finds inconsistent (keepalive >= max lifetime,
		// leak threshold > max lifetime, validation timeout below its floor).
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:postgresql://localhost/unused");
		this.defaults.applyTo(config);
		config.validate();
		assertThat(config.getKeepaliveTime()).isEqualTo(60_000);
		assertThat(config.getMaxLifetime()).isEqualTo(1_200_000);
		assertThat(config.getLeakDetectionThreshold()).isEqualTo(120_000);
		assertThat(config.getConnectionTimeout()).isEqualTo(5_000);
		assertThat(config.getValidationTimeout()).isEqualTo(2_000);
	}

	@Test
	void exposesTheValuesAsKebabCaseHikariProperties() {
		assertThat(this.defaults.asProperties()).containsExactly(Map.entry("keepalive-time", "60000"),
				Map.entry("max-lifetime", "1200000"), Map.entry("leak-detection-threshold", "120000"),
				Map.entry("connection-timeout", "5000"), Map.entry("validation-timeout", "2000"));
	}

}
