package io.dotmac.database.sample.report;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts the nightly report on demand and shows the last one (behind the admin token, like
 * the rest of {@code /api/admin}). {@code 409 Conflict} when another instance holds the lock.
 */
@RestController
@RequestMapping("/api/admin/reports/nightly")
class NightlyReportController {

	private final NightlyReportJob job;

	NightlyReportController(NightlyReportJob job) {
		this.job = job;
	}

	@PostMapping
	ResponseEntity<?> run() {
		return this.job.runNow().<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
						"The nightly report is running on another instance")));
	}

	@GetMapping
	ResponseEntity<NightlyReport> last() {
		return ResponseEntity.of(this.job.last());
	}

}
