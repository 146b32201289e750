package io.dotmac.database;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.TransientDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseExceptionTests {

	@Test
	void transactionExceptionIsADatabaseExceptionAndADataAccessException() {
		IllegalStateException cause = new IllegalStateException("connection reset");
		DatabaseTransactionException ex = new DatabaseTransactionException("could not set tenant", cause);
		assertThat(ex).isInstanceOf(DatabaseException.class).isInstanceOf(DataAccessException.class);
		assertThat(ex).hasMessage("could not set tenant").hasCause(cause);
		assertThat(ex.getMostSpecificCause()).isSameAs(cause);
	}

	@Test
	void validationExceptionIsADatabaseExceptionAndADataAccessException() {
		DatabaseValidationException ex = new DatabaseValidationException("schema name is too long");
		assertThat(ex).isInstanceOf(DatabaseException.class).isInstanceOf(DataAccessException.class);
		assertThat(ex).hasMessage("schema name is too long").hasNoCause();
	}

	@Test
	void baseTypeTakesNoSideOnTransience() {
		// Subtypes (tenant, migration) may be transient or not; the base must not decide.
		assertThat(TransientDataAccessException.class.isAssignableFrom(DatabaseException.class)).isFalse();
		assertThat(NonTransientDataAccessException.class.isAssignableFrom(DatabaseException.class)).isFalse();
	}

	@Test
	void aHandlerForDataAccessExceptionCatchesEveryDatabaseException() {
		for (DatabaseException thrown : new DatabaseException[] { new DatabaseTransactionException("t"),
				new DatabaseValidationException("v") }) {
			try {
				throw thrown;
			}
			catch (DataAccessException caught) {
				assertThat(caught).isSameAs(thrown);
			}
		}
	}

}
