package io.dotmac.database.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * Stores a {@link TenantId} as its text in a {@code varchar(48)} column. Reading validates
 * the text again, so a malformed value written behind the application's back fails loudly
 * instead of being passed on. Applied to {@link TenantEntity#getTenantId()}; entities of
 * the application may use it with {@code @Convert} too, for example on a column that
 * references a tenant.
 */
@Converter
public class TenantIdConverter implements AttributeConverter<TenantId, String> {

	@Override
	public @Nullable String convertToDatabaseColumn(@Nullable TenantId tenantId) {
		return (tenantId != null) ? tenantId.value() : null;
	}

	@Override
	public @Nullable TenantId convertToEntityAttribute(@Nullable String value) {
		return (value != null) ? TenantId.of(value) : null;
	}

}
