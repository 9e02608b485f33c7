package dev.strata.core.auth;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * Who a request is billed to: the key that made it and the tenant, team, app and tags it carries.
 * Every ledger record is attributed to one principal.
 */
public record Principal(
    String keyId, String tenant, String team, String app, Map<String, String> tags) {
  public static final String DEFAULT_TENANT = "default";

  public Principal {
    requireNonNull(keyId, "keyId");
    tenant = tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant;
    team = team == null ? "" : team;
    app = app == null ? "" : app;
    tags = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(tags, "tags")));
  }
}
