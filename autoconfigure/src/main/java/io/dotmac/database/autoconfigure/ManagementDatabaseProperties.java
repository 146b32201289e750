package io.dotmac.database.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The management database of a dual-database layout, under
 * {@code dotmac.database.management}: when a URL is set, the tenant registry lives there
 * instead of in a shared schema of the application's database.
 */
@ConfigurationProperties("dotmac.database.management")
public class ManagementDatabaseProperties {

	/**
	 * JDBC URL of the management database, which holds the tenant registry. Empty: the
	 * registry lives in a shared schema of the application's database.
	 */
	private String url = "";

	/**
	 * Login role for the management database.
	 */
	private String username = "";

	/**
	 * Password of the management database's role.
	 */
	private String password = "";

	/**
	 * Largest number of connections to the management database.
	 */
	private int maximumPoolSize = 4;

	/**
	 * Return the management database's URL.
	 * @return the URL, empty for none
	 */
	public String getUrl() {
		return this.url;
	}

	/**
	 * Set the management database's URL.
	 * @param url the URL, empty for none
	 */
	public void setUrl(String url) {
		this.url = url;
	}

	/**
	 * Return the management database's role.
	 * @return the role
	 */
	public String getUsername() {
		return this.username;
	}

	/**
	 * Set the management database's role.
	 * @param username the role
	 */
	public void setUsername(String username) {
		this.username = username;
	}

	/**
	 * Return the management database's password.
	 * @return the password
	 */
	public String getPassword() {
		return this.password;
	}

	/**
	 * Set the management database's password.
	 * @param password the password
	 */
	public void setPassword(String password) {
		this.password = password;
	}

	/**
	 * Return the management pool's size.
	 * @return the largest number of connections
	 */
	public int getMaximumPoolSize() {
		return this.maximumPoolSize;
	}

	/**
	 * Set the management pool's size.
	 * @param maximumPoolSize the largest number of connections
	 */
	public void setMaximumPoolSize(int maximumPoolSize) {
		this.maximumPoolSize = maximumPoolSize;
	}

}
