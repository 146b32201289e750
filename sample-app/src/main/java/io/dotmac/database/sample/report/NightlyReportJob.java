package io.dotmac.database.sample.report;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import io.dotmac.database.lock.DistributedLock;
import io.dotmac.database.lock.DistributedLocks;
import io.dotmac.database.sample.customer.CustomerRepository;
import io.dotmac.database.tenant.Tenant;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantRegistry;

/**
 * Counts each tenant's customers, at 02:00 each night ({@code sample.report.cron}) and when
 * asked through {@code POST /api/admin/reports/nightly}. The run holds the distributed lock
 * {@code nightly-report}: an instance that finds it held skips the run instead of doing the work
 * twice. The job runs with no tenant bound, so the lock is global, and visits each tenant in
 * that tenant's context, where Row-Level Security shows it only that tenant's rows.
 */
@Service
public class NightlyReportJob {

	static final String LOCK_NAME = "nightly-report";

	private static final Log logger = LogFactory.getLog(NightlyReportJob.class);

	private final DistributedLocks locks;

	private final TenantRegistry tenants;

	private final CustomerRepository customers;

	private final Duration simulatedWork;

	private final AtomicReference<NightlyReport> last = new AtomicReference<>();

	NightlyReportJob(DistributedLocks locks, TenantRegistry tenants, CustomerRepository customers,
			@Value("${sample.report.simulated-work:0s}") Duration simulatedWork) {
		this.locks = locks;
		this.tenants = tenants;
		this.customers = customers;
		this.simulatedWork = simulatedWork;
	}

	/**
	 * The scheduled run.
	 */
	@Scheduled(cron = "${sample.report.cron:0 0 2 * * *}")
	public void scheduled() {
		if (runNow().isEmpty()) {
			logger.info("Nightly report skipped: another instance is running it");
		}
	}

	/**
	 * Runs the report unless another instance is running it.
	 * @return the report, or empty if the lock was held elsewhere
	 */
	public Optional<NightlyReport> runNow() {
		try (TenantContext.Scope noTenant = TenantContext.clear();
				DistributedLock lock = this.locks.tryLock(LOCK_NAME, Duration.ZERO)) {
			if (!lock.acquired()) {
				return Optional.empty();
			}
			Instant started = Instant.now();
			Map<String, Long> counts = new LinkedHashMap<>();
			for (Tenant tenant : this.tenants.findAll()) {
				counts.put(tenant.id().value(), TenantContext.call(tenant.id(), this.customers::count));
			}
			pause();
			NightlyReport report = new NightlyReport(started, Instant.now(),
					lock.fencingToken().isPresent() ? lock.fencingToken().getAsLong() : null, counts);
			this.last.set(report);
			return Optional.of(report);
		}
	}

	/**
	 * The last report this instance wrote.
	 * @return the report, or empty before the first run
	 */
	public Optional<NightlyReport> last() {
		return Optional.ofNullable(this.last.get());
	}

	private void pause() {
		if (!this.simulatedWork.isZero()) {
			try {
				Thread.sleep(this.simulatedWork.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
