package io.dotmac.database.sample.plan;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data repository for {@link ServicePlan}. */
public interface ServicePlanRepository extends JpaRepository<ServicePlan, String> {

	List<ServicePlan> findAllByOrderByMonthlyPriceAsc();

}
