package io.dotmac.database.sample.customer;

import java.util.Optional;

import org.springframework.data.domain.AuditorAware;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who changed a customer, for the {@code created_by} / {@code updated_by} columns: the demo
 * takes the {@code X-User} header (a real application would use Spring Security, which the
 * starter picks up by itself), and {@code anonymous} without one.
 */
@Component
class RequestHeaderAuditor implements AuditorAware<String> {

	static final String HEADER = "X-User";

	@Override
	public Optional<String> getCurrentAuditor() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return Optional.of("system");
		}
		String user = servlet.getRequest().getHeader(HEADER);
		boolean usable = user != null && !user.isBlank() && user.length() <= 100
				&& user.chars().allMatch((c) -> c >= 0x20 && c < 0x7f);
		return Optional.of(usable ? user : "anonymous");
	}

}
