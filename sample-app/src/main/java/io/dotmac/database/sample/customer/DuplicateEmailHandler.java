package io.dotmac.database.sample.customer;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A second live customer with the same email in one tenant violates the partial unique index
 * {@value #EMAIL_INDEX}: a 409 problem. Every other integrity violation stays a server error.
 */
@RestControllerAdvice(assignableTypes = CustomerController.class)
class DuplicateEmailHandler {

	static final String EMAIL_INDEX = "customers_tenant_email_uq";

	@ExceptionHandler(DataIntegrityViolationException.class)
	ProblemDetail duplicate(DataIntegrityViolationException ex) {
		if (!violates(ex, EMAIL_INDEX)) {
			throw ex;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"A customer with this email already exists");
		problem.setTitle("Duplicate customer");
		return problem;
	}

	// Hibernate does not classify a partial unique index as a unique key, so ask the driver.
	private static boolean violates(DataIntegrityViolationException ex, String constraint) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		if (cause instanceof PSQLException psql && "23505".equals(psql.getSQLState())) {
			ServerErrorMessage message = psql.getServerErrorMessage();
			return message != null && constraint.equals(message.getConstraint());
		}
		return false;
	}

}
