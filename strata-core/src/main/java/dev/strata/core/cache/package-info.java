/**
 * Response caches: an exact cache keyed by the canonical request, and a semantic cache that finds
 * an earlier, equivalent prompt by meaning. A hit answers without any upstream call.
 */
package dev.strata.core.cache;
