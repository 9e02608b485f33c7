/**
 * Strata's HTTP server: {@link dev.strata.server.StrataServer} serves the OpenAI-compatible API,
 * the admin API and the health check for a {@link dev.strata.server.Gateway}.
 */
package dev.strata.server;
