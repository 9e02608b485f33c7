/**
 * Rate limits: requests and tokens per minute per key, team or model, as token buckets checked
 * atomically before any upstream call.
 */
package dev.strata.core.ratelimit;
