package io.dotmac.database.rls;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook's forwarding classes forward every JDBC method, default methods included (a
 * default left to the interface would answer for the driver, not ask it), and a deferred
 * statement remembers every parameter setter and option itself (one left to the plain
 * delegate would silently unfold the statement).
 */
class ForwardingJdbcTests {

	@Test
	void everyConnectionMethodIsForwarded() {
		assertThat(notDeclaredBy(ForwardingConnection.class, Connection.class.getMethods())).isEmpty();
	}

	@Test
	void everyStatementMethodIsForwarded() {
		assertThat(notDeclaredBy(ForwardingStatement.class, Statement.class.getMethods())).isEmpty();
	}

	@Test
	void everyPreparedStatementMethodIsForwarded() {
		assertThat(notDeclaredBy(ForwardingPreparedStatement.class, PreparedStatement.class.getDeclaredMethods()))
			.isEmpty();
	}

	@Test
	void aDeferredStatementRemembersEveryParameterAndOptionItself() {
		List<Method> setters = Arrays.stream(PreparedStatement.class.getMethods())
			.filter((method) -> method.getName().startsWith("set") || method.getName().equals("closeOnCompletion"))
			.filter((method) -> method.getReturnType() == void.class)
			.filter((method) -> !Modifier.isStatic(method.getModifiers()))
			.toList();
		assertThat(setters).hasSizeGreaterThan(50);
		assertThat(notDeclaredBy(DeferredPreparedStatement.class, setters.toArray(Method[]::new))).isEmpty();
	}

	@Test
	void foldedTextsAreBuiltOncePerSqlAndStayBounded() {
		FoldedSqlTexts texts = FoldedSqlTexts.of(new TenantSettingApplier(RlsSettings.defaults()));
		assertThat(texts).isNotNull();
		String first = texts.folded("SELECT 1");
		assertThat(first).isEqualTo("SELECT set_config('app.current_tenant_id', ?, true); SELECT 1");
		assertThat(texts.folded(new String("SELECT 1"))).isSameAs(first);
		for (int i = 0; i < FoldedSqlTexts.MAX_TEXTS + 10; i++) {
			assertThat(texts.folded("SELECT " + i)).endsWith("; SELECT " + i);
		}
		String beyondTheCap = "SELECT 'beyond'";
		assertThat(texts.folded(beyondTheCap)).isEqualTo(texts.folded(beyondTheCap))
			.isNotSameAs(texts.folded(beyondTheCap));
	}

	@Test
	void sessionModeFoldsNothing() {
		RlsSettings session = RlsSettings.defaults().withMode(RlsMode.SESSION);
		assertThat(FoldedSqlTexts.of(new TenantSettingApplier(session))).isNull();
	}

	private static List<String> notDeclaredBy(Class<?> type, Method[] methods) {
		return Arrays.stream(methods)
			.filter((method) -> !Modifier.isStatic(method.getModifiers()))
			.filter((method) -> !declares(type, method))
			.map(Method::toString)
			.toList();
	}

	private static boolean declares(Class<?> type, Method method) {
		try {
			Method found = type.getMethod(method.getName(), method.getParameterTypes());
			return found.getDeclaringClass() == type;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

}
