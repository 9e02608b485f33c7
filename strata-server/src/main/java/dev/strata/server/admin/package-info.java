/** Strata's admin API ({@code /admin/...}): keys and cost reports, behind the admin key. */
package dev.strata.server.admin;
