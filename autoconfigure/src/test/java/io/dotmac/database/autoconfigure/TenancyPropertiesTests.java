package io.dotmac.database.autoconfigure;

import org.junit.jupiter.api.Test;

import io.dotmac.database.tenant.CachingTenantRegistry;
import io.dotmac.database.tenant.HeaderTenantResolver;
import io.dotmac.database.tenant.JwtClaimTenantResolver;
import io.dotmac.database.tenant.PathTenantResolver;
import io.dotmac.database.tenant.TenantRegistryTable;

import static org.assertj.core.api.Assertions.assertThat;

/** The literal defaults (which the metadata shows) are the library's defaults. */
class TenancyPropertiesTests {

	@Test
	void defaultsMatchTheLibrary() {
		TenancyProperties properties = new TenancyProperties();
		assertThat(properties.getResolvers()).containsExactly(TenancyProperties.ResolverType.HEADER);
		assertThat(properties.getHeaderName()).isEqualTo(HeaderTenantResolver.DEFAULT_HEADER_NAME);
		assertThat(properties.getPath().getPattern()).isEqualTo(PathTenantResolver.DEFAULT_PATTERN);
		assertThat(properties.getJwt().getClaim()).isEqualTo(JwtClaimTenantResolver.DEFAULT_CLAIM);
		assertThat(properties.getRegistry().getSchema()).isEqualTo(TenantRegistryTable.DEFAULT_SCHEMA);
		assertThat(properties.getRegistry().getTable()).isEqualTo(TenantRegistryTable.DEFAULT_TABLE);
		assertThat(properties.getRegistry().getCache().getTtl()).isEqualTo(CachingTenantRegistry.DEFAULT_TTL);
		assertThat(properties.getRegistry().getCache().getNegativeTtl())
			.isEqualTo(CachingTenantRegistry.DEFAULT_NEGATIVE_TTL);
		assertThat(properties.getRegistry().getCache().getMaxSize()).isEqualTo(CachingTenantRegistry.DEFAULT_MAX_SIZE);
		assertThat(properties.getExcludedPaths()).containsExactly("/actuator/**", "/error");
	}

}
