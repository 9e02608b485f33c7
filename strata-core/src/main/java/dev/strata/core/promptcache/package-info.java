/**
 * Automatic prompt-cache placement: {@link dev.strata.core.promptcache.PlaceCachePoints} learns
 * which prompt prefixes recur per tenant and model and marks the ones whose expected cache reads
 * repay the write premium, within the provider's limit of four cache points.
 */
package dev.strata.core.promptcache;
