package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.auth.NewKey;
import dev.strata.core.auth.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqlKeyStoreTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2025-03-01T09:00:00.123456Z"));
  private Database database;
  private SqlKeyStore keys;

  @BeforeEach
  void open() {
    database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"));
    keys = new SqlKeyStore(database, clock);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void create_issuesASecretThatFindsTheStoredKey() {
    IssuedKey issued =
        keys.create(new NewKey("search backend", "acme", "search", "api", Map.of("env", "prod")));

    ApiKey key = issued.key();
    assertThat(key.id()).startsWith("key_").hasSize(4 + 16);
    assertThat(issued.secret()).startsWith(KeySecrets.VIRTUAL_KEY_PREFIX);
    assertThat(key.secretHash()).isEqualTo(KeySecrets.hash(issued.secret()));
    assertThat(key.displayPrefix()).isEqualTo(KeySecrets.displayPrefix(issued.secret()));
    assertThat(key.principal())
        .isEqualTo(new Principal(key.id(), "acme", "search", "api", Map.of("env", "prod")));
    assertThat(key.createdAt()).isEqualTo(Instant.parse("2025-03-01T09:00:00.123Z"));
    assertThat(key.isRevoked()).isFalse();

    assertThat(keys.findBySecretHash(KeySecrets.hash(issued.secret()))).contains(key);
    assertThat(keys.findById(key.id())).contains(key);
    assertThat(keys.findById("key_unknown")).isEmpty();
    assertThat(keys.findBySecretHash(KeySecrets.hash("sk-strata-wrong"))).isEmpty();
  }

  @Test
  void create_fillsTheDefaultTenantAndEmptyAttribution() {
    ApiKey key = keys.create(new NewKey("bare", null, null, null, Map.of())).key();

    Principal stored = keys.findById(key.id()).orElseThrow().principal();
    assertThat(stored.tenant()).isEqualTo(Principal.DEFAULT_TENANT);
    assertThat(stored.team()).isEmpty();
    assertThat(stored.app()).isEmpty();
    assertThat(stored.tags()).isEmpty();
  }

  @Test
  void list_returnsKeysOldestFirst() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(keys.create(new NewKey("key " + i, "acme", "", "", Map.of())).key().id());
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(keys.list()).extracting(ApiKey::id).containsExactlyElementsOf(created);
  }

  @Test
  void revoke_stampsTheTimeOnce_andIsFalseForUnknownKeys() {
    IssuedKey issued = keys.create(new NewKey("doomed", "acme", "", "", Map.of()));
    clock.advance(Duration.ofMinutes(5));

    assertThat(keys.revoke(issued.key().id())).isTrue();
    Instant revokedAt = clock.instant();
    clock.advance(Duration.ofMinutes(5));
    assertThat(keys.revoke(issued.key().id())).isTrue();

    ApiKey stored = keys.findBySecretHash(KeySecrets.hash(issued.secret())).orElseThrow();
    assertThat(stored.isRevoked()).isTrue();
    assertThat(stored.revokedAt()).contains(Instant.ofEpochMilli(revokedAt.toEpochMilli()));
    assertThat(keys.revoke("key_unknown")).isFalse();
  }

  @Test
  void keyAuthenticator_acceptsAStoredKey() {
    IssuedKey issued = keys.create(new NewKey("auth", "acme", "search", "", Map.of()));
    KeyAuthenticator authenticator = new KeyAuthenticator(keys, clock, Duration.ofSeconds(30));

    assertThat(authenticator.authenticate(Optional.of(issued.secret())))
        .isEqualTo(issued.key().principal());
  }

  @Test
  void theSecretIsNeverStored() throws IOException {
    List<IssuedKey> issued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      issued.add(keys.create(new NewKey("key " + i, "acme", "", "", Map.of())));
    }
    List<String> storedText = everyStoredValue();
    database.close();
    byte[] files = databaseFileBytes();

    for (IssuedKey key : issued) {
      String secretBody = key.secret().substring(KeySecrets.VIRTUAL_KEY_PREFIX.length());
      assertThat(storedText).noneMatch(value -> value.contains(secretBody));
      assertThat(contains(files, secretBody)).as("secret in the database files").isFalse();
      // The scan does see what is stored: the hash is there.
      assertThat(contains(files, key.key().secretHash())).isTrue();
    }
  }

  private List<String> everyStoredValue() {
    return database.read(
        "reading every key column",
        c -> {
          List<String> values = new ArrayList<>();
          try (ResultSet rows = c.createStatement().executeQuery("SELECT * FROM api_keys")) {
            ResultSetMetaData columns = rows.getMetaData();
            while (rows.next()) {
              for (int i = 1; i <= columns.getColumnCount(); i++) {
                values.add(String.valueOf(rows.getObject(i)));
              }
            }
          }
          return values;
        });
  }

  private byte[] databaseFileBytes() throws IOException {
    var all = new java.io.ByteArrayOutputStream();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("strata.db")).toList()) {
        all.write(Files.readAllBytes(file));
      }
    }
    return all.toByteArray();
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }
}
