package io.dotmac.database.entity;

import org.junit.jupiter.api.Test;

import io.dotmac.database.entity.model.Plan;
import io.dotmac.database.entity.model.Setting;
import io.dotmac.database.tenant.MissingTenantException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The tenant check on insert, without a database.
 */
class TenantEntityListenerTests {

	private static final TenantId ACME = TenantId.of("acme");

	private final TenantEntityListener listener = new TenantEntityListener();

	@Test
	void boundTenantIsAssigned() {
		Setting setting = new Setting("v");
		TenantContext.run(ACME, () -> this.listener.assignTenant(setting));
		assertThat(setting.getTenantId()).isEqualTo(ACME);
	}

	@Test
	void noTenantIsRefused() {
		Setting setting = new Setting("v");
		assertThatExceptionOfType(MissingTenantException.class).isThrownBy(() -> this.listener.assignTenant(setting))
			.withMessageContaining("Setting")
			.withMessageContaining("no tenant bound");
		assertThat(setting.getTenantId()).isNull();
	}

	@Test
	void systemScopeIsNotATenant() {
		Setting setting = new Setting("v");
		setting.setTenantId(ACME);
		assertThatExceptionOfType(MissingTenantException.class)
			.isThrownBy(() -> TenantContext.runAsSystem("test", () -> this.listener.assignTenant(setting)))
			.withMessageContaining("system scope");
	}

	@Test
	void explicitTenantMustMatchTheBoundOne() {
		Setting same = new Setting("v");
		same.setTenantId(ACME);
		assertThatNoException().isThrownBy(() -> TenantContext.run(ACME, () -> this.listener.assignTenant(same)));

		Setting other = new Setting("v");
		other.setTenantId(TenantId.of("globex"));
		assertThatExceptionOfType(TenantAssignmentException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> this.listener.assignTenant(other)));
		assertThat(other.getTenantId()).isEqualTo(TenantId.of("globex"));
	}

	@Test
	void entitiesWithoutATenantAreLeftAlone() {
		assertThatNoException().isThrownBy(() -> this.listener.assignTenant(new Plan("p")));
	}

}
