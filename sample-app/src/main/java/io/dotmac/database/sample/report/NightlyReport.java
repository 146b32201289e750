package io.dotmac.database.sample.report;

import java.time.Instant;
import java.util.Map;

/**
 * One run of the nightly report.
 *
 * @param startedAt when the run started
 * @param finishedAt when it finished
 * @param fencingToken the lock's fencing token (Redis locks), {@code null} otherwise; a later
 * run always carries a larger one
 * @param customersByTenant the number of customers of each tenant
 */
public record NightlyReport(Instant startedAt, Instant finishedAt, Long fencingToken,
		Map<String, Long> customersByTenant) {

}
