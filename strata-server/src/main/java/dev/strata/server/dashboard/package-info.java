/**
 * The FinOps dashboard at {@code /}: static HTML, CSS and JavaScript from this package's resources
 * plus Chart.js from its WebJar, served from memory by {@link
 * dev.strata.server.dashboard.DashboardPage} under a strict Content-Security-Policy. The page holds
 * no data of its own: it signs in with the admin key and reads the admin API.
 */
package dev.strata.server.dashboard;
