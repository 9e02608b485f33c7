package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

import dev.strata.core.provisioned.ProvisionedLifetime;
import dev.strata.core.provisioned.ProvisionedModel;
import dev.strata.core.provisioned.ProvisionedStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ProvisionedStore} in memory, with the SQL store's rules: a live name once, a client
 * token once per tenant, deleted models kept for billing. Thread-safe.
 */
public final class InMemoryProvisionedStore implements ProvisionedStore {
  private final Map<String, Row> rows = new LinkedHashMap<>();

  @Override
  public synchronized boolean insert(ProvisionedModel model, Optional<String> clientToken) {
    requireNonNull(model, "model");
    requireNonNull(clientToken, "clientToken");
    for (Row row : rows.values()) {
      boolean nameTaken = row.deletedAt.isEmpty() && row.model.name().equals(model.name());
      boolean tokenTaken =
          clientToken.isPresent()
              && clientToken.equals(row.clientToken)
              && row.model.owner().tenant().equals(model.owner().tenant());
      if (nameTaken || tokenTaken || row.model.id().equals(model.id())) {
        return false;
      }
    }
    rows.put(model.id(), new Row(model, clientToken, Optional.empty(), 0));
    return true;
  }

  @Override
  public synchronized Optional<ProvisionedModel> byClientToken(String tenant, String clientToken) {
    return rows.values().stream()
        .filter(row -> row.clientToken.equals(Optional.of(clientToken)))
        .filter(row -> row.model.owner().tenant().equals(tenant))
        .map(row -> row.model)
        .findFirst();
  }

  @Override
  public synchronized List<ProvisionedModel> live() {
    return rows.values().stream()
        .filter(row -> row.deletedAt.isEmpty())
        .map(row -> row.model)
        .toList();
  }

  @Override
  public synchronized boolean update(ProvisionedModel model) {
    Row row = rows.get(model.id());
    if (row == null || row.deletedAt.isPresent()) {
      return false;
    }
    rows.put(model.id(), new Row(model, row.clientToken, row.deletedAt, row.accruedHours));
    return true;
  }

  @Override
  public synchronized boolean delete(String id, Instant at) {
    Row row = rows.get(id);
    if (row == null || row.deletedAt.isPresent()) {
      return false;
    }
    rows.put(id, new Row(row.model, row.clientToken, Optional.of(at), row.accruedHours));
    return true;
  }

  @Override
  public synchronized List<ProvisionedLifetime> lifetimes() {
    List<ProvisionedLifetime> lifetimes = new ArrayList<>();
    for (Row row : rows.values()) {
      lifetimes.add(new ProvisionedLifetime(row.model, row.deletedAt, row.accruedHours));
    }
    return lifetimes;
  }

  @Override
  public synchronized void accrued(String id, long hours) {
    Row row = rows.get(id);
    if (row != null) {
      rows.put(id, new Row(row.model, row.clientToken, row.deletedAt, hours));
    }
  }

  @Override
  public synchronized String toString() {
    return "InMemoryProvisionedStore[" + rows.size() + " models]";
  }

  private record Row(
      ProvisionedModel model,
      Optional<String> clientToken,
      Optional<Instant> deletedAt,
      long accruedHours) {}
}
