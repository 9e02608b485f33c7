/**
 * The Anthropic Messages API ({@code /v1/messages}, plain and SSE, and {@code count_tokens}),
 * translated to and from the canonical model around the request path.
 */
package dev.strata.server.anthropic;
