package dev.strata.core.objectstore;

import dev.strata.core.auth.Principal;

/**
 * Which tenant a bucket belongs to: the first tenant to use a bucket owns it, and every other
 * tenant is refused, so one deployment's tenants never see each other's batch files.
 */
public interface BucketOwners {
  /** Every bucket open to every tenant: for single-tenant deployments and tests. */
  BucketOwners SHARED = (principal, bucket) -> {};

  /**
   * Lets {@code principal} use {@code bucket}, claiming it for the principal's tenant when no
   * tenant owns it yet.
   *
   * @throws dev.strata.core.error.StrataException PERMISSION_DENIED when another tenant owns it
   */
  void claim(Principal principal, String bucket);
}
