package io.dotmac.database.embedded.test;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestExecutionListener;

import static org.assertj.core.api.Assertions.assertThat;

class DotmacTestServersContextCustomizerFactoryTest {

	private final DotmacTestServersContextCustomizerFactory factory = new DotmacTestServersContextCustomizerFactory();

	@Test
	void ignoresTestClassesWithoutTheAnnotation() {
		assertThat(this.factory.createContextCustomizer(Plain.class, List.of())).isNull();
	}

	@Test
	void customizersAreEqualForTheSameClassOnly() {
		ContextCustomizer first = this.factory.createContextCustomizer(Annotated.class, List.of());
		ContextCustomizer again = this.factory.createContextCustomizer(Annotated.class, List.of());
		ContextCustomizer other = this.factory.createContextCustomizer(AlsoAnnotated.class, List.of());

		assertThat(first).isNotNull().isEqualTo(again).hasSameHashCodeAs(again).isNotEqualTo(other);
	}

	@Test
	void anInnerClassSharesTheCustomizerOfItsEnclosingClass() {
		ContextCustomizer outer = this.factory.createContextCustomizer(Annotated.class, List.of());
		ContextCustomizer inner = this.factory.createContextCustomizer(Annotated.Inner.class, List.of());

		assertThat(inner).isEqualTo(outer);
	}

	@Test
	void isRegisteredForSpringTestToFind() {
		SpringFactoriesLoader factories = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader());
		// Some of Spring's own listeners need a servlet API this module does not have; skip those.
		FailureHandler skipUnloadable = FailureHandler.handleMessage((message, failure) -> {
		});

		assertThat(factories.load(ContextCustomizerFactory.class, skipUnloadable))
			.hasAtLeastOneElementOfType(DotmacTestServersContextCustomizerFactory.class);
		assertThat(factories.load(TestExecutionListener.class, skipUnloadable))
			.hasAtLeastOneElementOfType(DotmacTestServersTestExecutionListener.class);
	}

	static class Plain {

	}

	@DotmacTestServers
	static class Annotated {

		class Inner {

		}

	}

	@DotmacTestServers
	static class AlsoAnnotated {

	}

}
