package io.dotmac.database.cache;

/** A value type from the test package, for serialization round trips. */
record CachedPlan(String name, int megabits, String notes) {
}
