/**
 * Provisioned throughput: models with reserved capacity, created at run time, that resolve by name,
 * id or ARN; their requests pass a capacity lane of their own instead of the on-demand rate limits,
 * their cost accrues per model unit and hour whatever they serve, and a break-even report compares
 * that cost with what the tokens they served would have cost on demand.
 */
package dev.strata.core.provisioned;
