package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reserved capacity for one catalog model: {@code modelUnits} units, each serving the price book's
 * tokens per minute for the base model, paid per unit and hour under a commitment term, owned (and
 * billed to) one principal. Changes take effect at once; the status shows {@link
 * ProvisionedStatus#CREATING} or {@link ProvisionedStatus#UPDATING} until the provisioning step has
 * passed (see {@link #asOf}).
 *
 * @param id 12 lower-case letters and digits
 * @param name unique among live provisioned models and catalog names
 * @param arn {@code arn:aws:bedrock:<region>:<account>:provisioned-model/<id>}
 * @param baseModel the catalog model that serves its requests
 * @param basePriceId the price-book id the base model is priced by (capacity, hourly and on-demand
 *     prices)
 * @param modelUnits how many units are reserved
 * @param commitment the commitment term bought at creation
 * @param status the status as last stored; {@link #asOf} gives the status at a given time
 * @param failureMessage why the model failed, when it did
 * @param createdAt when it was created; its hours are counted from then
 * @param lastModifiedAt when it was created or last changed
 * @param commitmentExpiresAt when the commitment term ends, if there is one
 * @param owner who the hourly cost is attributed to
 * @param tags the caller's tags
 */
public record ProvisionedModel(
    String id,
    String name,
    String arn,
    String baseModel,
    String basePriceId,
    int modelUnits,
    CommitmentTerm commitment,
    ProvisionedStatus status,
    Optional<String> failureMessage,
    Instant createdAt,
    Instant lastModifiedAt,
    Optional<Instant> commitmentExpiresAt,
    Principal owner,
    Map<String, String> tags) {

  public ProvisionedModel {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(arn, "arn");
    requireNonNull(baseModel, "baseModel");
    requireNonNull(basePriceId, "basePriceId");
    requireNonNull(commitment, "commitment");
    requireNonNull(status, "status");
    requireNonNull(failureMessage, "failureMessage");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(lastModifiedAt, "lastModifiedAt");
    requireNonNull(commitmentExpiresAt, "commitmentExpiresAt");
    requireNonNull(owner, "owner");
    if (modelUnits < 1) {
      throw new IllegalArgumentException("modelUnits must be at least 1");
    }
    tags = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(tags, "tags")));
  }

  /** Whether the commitment term still runs at {@code now}, so the model cannot be deleted. */
  public boolean isCommittedAt(Instant now) {
    return commitmentExpiresAt.filter(now::isBefore).isPresent();
  }

  /**
   * This model as it stands at {@code now}: a creation or change older than {@code
   * provisioningTime} has completed, so the model is in service.
   */
  public ProvisionedModel asOf(Instant now, Duration provisioningTime) {
    boolean pending = status == ProvisionedStatus.CREATING || status == ProvisionedStatus.UPDATING;
    if (pending && !now.isBefore(lastModifiedAt.plus(provisioningTime))) {
      return withStatus(ProvisionedStatus.IN_SERVICE, Optional.empty());
    }
    return this;
  }

  ProvisionedModel withStatus(ProvisionedStatus newStatus, Optional<String> failure) {
    return new ProvisionedModel(
        id,
        name,
        arn,
        baseModel,
        basePriceId,
        modelUnits,
        commitment,
        newStatus,
        failure,
        createdAt,
        lastModifiedAt,
        commitmentExpiresAt,
        owner,
        tags);
  }

  /** This model changed at {@code at}: updating until the provisioning step has passed. */
  ProvisionedModel changed(String newName, String newBaseModel, int newUnits, Instant at) {
    return new ProvisionedModel(
        id,
        newName,
        arn,
        newBaseModel,
        basePriceId,
        newUnits,
        commitment,
        ProvisionedStatus.UPDATING,
        Optional.empty(),
        createdAt,
        at,
        commitmentExpiresAt,
        owner,
        tags);
  }
}
