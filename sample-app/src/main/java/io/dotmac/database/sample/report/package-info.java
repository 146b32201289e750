/**
 * The nightly report: a scheduled job, also started on demand through the admin API, that runs
 * under a distributed lock so that two instances of the application never run it at once.
 */
package io.dotmac.database.sample.report;
