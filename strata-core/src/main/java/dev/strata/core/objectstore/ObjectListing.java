package dev.strata.core.objectstore;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of a bucket listing in key order, and the key to continue after when it was cut short.
 */
public record ObjectListing(List<ObjectInfo> objects, Optional<String> continueAfter) {
  public ObjectListing {
    objects = List.copyOf(requireNonNull(objects, "objects"));
    requireNonNull(continueAfter, "continueAfter");
  }

  public boolean truncated() {
    return continueAfter.isPresent();
  }
}
