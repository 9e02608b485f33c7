/**
 * Budgets: spend limits on a key, team, tenant, tag, model or the whole deployment, per period,
 * enforced by reserving each request's worst-case cost atomically before any upstream call.
 */
package dev.strata.core.budget;
