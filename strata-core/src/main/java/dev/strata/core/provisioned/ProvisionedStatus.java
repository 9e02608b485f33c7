package dev.strata.core.provisioned;

import java.util.Optional;

/** Where a provisioned model is in its life; it serves requests while in service or updating. */
public enum ProvisionedStatus {
  CREATING("Creating"),
  IN_SERVICE("InService"),
  UPDATING("Updating"),
  FAILED("Failed");

  private final String wireName;

  ProvisionedStatus(String wireName) {
    this.wireName = wireName;
  }

  /** Bedrock's name, e.g. {@code InService}. */
  public String wireName() {
    return wireName;
  }

  /** The status Bedrock calls {@code wireName}, if any. */
  public static Optional<ProvisionedStatus> fromWire(String wireName) {
    for (ProvisionedStatus status : values()) {
      if (status.wireName.equals(wireName)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }

  public boolean isServing() {
    return this == IN_SERVICE || this == UPDATING;
  }
}
