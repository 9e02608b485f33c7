package dev.strata.core.provisioned;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where provisioned models are kept. Deleted models stay, marked deleted, so the hours they ran can
 * still be billed and reported.
 */
public interface ProvisionedStore {
  /**
   * Stores a new model, with the caller's idempotency token if given; false — nothing stored — when
   * a live model has its name or the owner's tenant already used the token.
   */
  boolean insert(ProvisionedModel model, Optional<String> clientToken);

  /** The model (live or deleted) that {@code tenant} created with {@code clientToken}. */
  Optional<ProvisionedModel> byClientToken(String tenant, String clientToken);

  /** Every model not deleted, oldest first. */
  List<ProvisionedModel> live();

  /** Replaces the live model with the same id; false when there is none. */
  boolean update(ProvisionedModel model);

  /** Marks the live model {@code id} deleted at {@code at}; false when there is none. */
  boolean delete(String id, Instant at);

  /** Every model ever created, live or deleted, with the hours billed so far, oldest first. */
  List<ProvisionedLifetime> lifetimes();

  /** Records that the first {@code hours} whole hours of model {@code id} are billed. */
  void accrued(String id, long hours);
}
