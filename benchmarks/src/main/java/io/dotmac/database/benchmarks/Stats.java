package io.dotmac.database.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Median and spread of repeated measurements. Benchmarks report the median of the rounds
 * and the spread as the lowest and highest round, so a noisy machine shows as a wide range.
 */
record Stats(double median, double min, double max, int rounds) {

	static Stats of(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			throw new IllegalArgumentException("No measurements");
		}
		int mid = sorted.length / 2;
		double median = (sorted.length % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
		return new Stats(median, sorted[0], sorted[sorted.length - 1], sorted.length);
	}

	/**
	 * Per-pair ratios (A_i / B_i) summarised, which cancels drift of the machine between rounds
	 * better than a ratio of medians.
	 */
	static Stats pairwiseRatios(List<Double> a, List<Double> b) {
		if (a.size() != b.size()) {
			throw new IllegalArgumentException("Rounds must pair up");
		}
		Double[] ratios = new Double[a.size()];
		for (int i = 0; i < ratios.length; i++) {
			ratios[i] = a.get(i) / b.get(i);
		}
		return of(Arrays.asList(ratios));
	}

	String format(String unit) {
		return String.format("%.0f %s (%.0f–%.0f)", this.median, unit, this.min, this.max);
	}

}
