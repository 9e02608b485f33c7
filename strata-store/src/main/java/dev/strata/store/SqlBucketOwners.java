package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.BucketOwners;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bucket owners in the {@code bucket_owners} table, shared by every instance on the store. An
 * owner never changes, so each instance remembers the owners it has seen (bounded) and asks the
 * database only about buckets new to it.
 */
public final class SqlBucketOwners implements BucketOwners {
  private static final NamedSql SQL = NamedSql.load("buckets.sql");
  private static final int REMEMBERED = 10_000;

  private final Database database;
  private final Clock clock;
  private final Map<String, String> owners = new ConcurrentHashMap<>();

  public SqlBucketOwners(Database database, Clock clock) {
    this.database = requireNonNull(database, "database");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void claim(Principal principal, String bucket) {
    requireNonNull(principal, "principal");
    requireNonNull(bucket, "bucket");
    String owner = owners.get(bucket);
    if (owner == null) {
      owner = ownerOrClaim(principal.tenant(), bucket);
      if (owners.size() >= REMEMBERED) {
        owners.clear();
      }
      owners.put(bucket, owner);
    }
    if (!owner.equals(principal.tenant())) {
      throw StrataException.builder(
              ErrorKind.PERMISSION_DENIED,
              "The bucket '" + bucket + "' belongs to another tenant; choose another bucket name.")
          .build();
    }
  }

  private String ownerOrClaim(String tenant, String bucket) {
    Optional<String> known = database.read("reading a bucket's owner", c -> owner(c, bucket));
    if (known.isPresent()) {
      return known.get();
    }
    return database.write(
        "claiming a bucket",
        connection -> {
          try (PreparedStatement claim = connection.prepareStatement(SQL.get("claim"))) {
            claim.setString(1, bucket);
            claim.setString(2, tenant);
            claim.setLong(3, clock.millis());
            claim.executeUpdate();
          }
          return owner(connection, bucket).orElseThrow();
        });
  }

  private static Optional<String> owner(Connection connection, String bucket) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SQL.get("owner"))) {
      select.setString(1, bucket);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  @Override
  public String toString() {
    return "SqlBucketOwners[" + owners.size() + " remembered]";
  }
}
