package io.dotmac.database.sample.plan;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A plan the ISP sells; reference data shared by every tenant. */
@Entity
@Table(name = "service_plans")
public class ServicePlan {

	@Id
	private String code;

	private String name;

	@Column(name = "download_mbps")
	private int downloadMbps;

	@Column(name = "upload_mbps")
	private int uploadMbps;

	@Column(name = "monthly_price")
	private BigDecimal monthlyPrice;

	protected ServicePlan() {
	}

	public String getCode() {
		return this.code;
	}

	public String getName() {
		return this.name;
	}

	public int getDownloadMbps() {
		return this.downloadMbps;
	}

	public int getUploadMbps() {
		return this.uploadMbps;
	}

	public BigDecimal getMonthlyPrice() {
		return this.monthlyPrice;
	}

}
