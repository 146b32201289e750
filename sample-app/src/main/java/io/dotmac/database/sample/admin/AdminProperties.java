package io.dotmac.database.sample.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample's admin API.
 *
 * @param adminToken the bearer token that {@code /api/admin/**} requires; when blank, every
 * admin request is refused
 */
@ConfigurationProperties("sample")
public record AdminProperties(String adminToken) {
}
