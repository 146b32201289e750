package io.dotmac.database.sample.plan;

import java.util.List;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists the plans. Read-only transactions go to the replica when {@code dotmac.database.replica.url}
 * is configured, and to the primary otherwise.
 */
@RestController
@RequestMapping("/api/plans")
class ServicePlanController {

	private final ServicePlanRepository plans;

	ServicePlanController(ServicePlanRepository plans) {
		this.plans = plans;
	}

	@GetMapping
	@Transactional(readOnly = true)
	List<ServicePlan> list() {
		return this.plans.findAllByOrderByMonthlyPriceAsc();
	}

}
