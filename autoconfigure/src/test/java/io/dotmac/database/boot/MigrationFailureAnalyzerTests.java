package io.dotmac.database.boot;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.dotmac.database.migration.MigrationChecksumException;
import io.dotmac.database.migration.MigrationUpgradeException;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationFailureAnalyzerTests {

	private final MigrationFailureAnalyzer analyzer = new MigrationFailureAnalyzer();

	@Test
	void namesTheUnitAndChangesetAndOffersToStartWithTheOtherTenants() {
		MigrationUpgradeException failure = new MigrationUpgradeException("Migration of app/tenant in schema 't_acme'"
				+ " failed: boom", null, TenantId.of("acme"), "app", "db/t.xml::2::me");
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("init", "failed", failure));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("module app, tenant acme, changeset db/t.xml::2::me",
				"schema 't_acme'");
		assertThat(analysis.getAction()).contains("dotmac.database.migrations.fail-on-error=false");
	}

	@Test
	void aChangedChangesetIsToldToGoIntoANewChangeset() {
		MigrationChecksumException changed = new MigrationChecksumException("changed", TenantId.of("acme"), "app",
				"db/t.xml::2::me");
		MigrationUpgradeException aggregate = new MigrationUpgradeException("1 of 3 migration units failed", changed,
				TenantId.of("acme"), "app", "db/t.xml::2::me");
		FailureAnalysis analysis = this.analyzer.analyze(aggregate);
		assertThat(analysis.getAction()).contains("new changeset", "validCheckSum");
	}

}
