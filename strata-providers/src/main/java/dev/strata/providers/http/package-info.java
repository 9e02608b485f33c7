/**
 * HTTP plumbing shared by the remote provider adapters: a pooled upstream client that blocks the
 * calling virtual thread with timeouts, a retry loop with jittered backoff that honours {@code
 * Retry-After}, an incremental server-sent-events parser, and the mapping of HTTP failures onto
 * {@link dev.strata.core.error.StrataException} kinds.
 */
package dev.strata.providers.http;
