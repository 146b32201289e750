package io.dotmac.database.sample.admin;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** Wires the admin token guard in front of {@code /api/admin/*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
class AdminConfiguration {

	private static final Log logger = LogFactory.getLog(AdminConfiguration.class);

	@Bean
	FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(AdminProperties properties) {
		if (!StringUtils.hasText(properties.adminToken())) {
			logger.warn("sample.admin-token is not set: every request to /api/admin/** will be refused");
		}
		FilterRegistrationBean<AdminTokenFilter> registration = new FilterRegistrationBean<>(
				new AdminTokenFilter(properties.adminToken()));
		registration.addUrlPatterns("/api/admin/*");
		return registration;
	}

}
