package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.NewKey;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqlAwsCredentialStoreTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(Instant.parse("2025-03-01T09:00:00Z"));
  private final byte[] masterKey = new byte[SecretBox.KEY_BYTES];
  private Database database;
  private SqlKeyStore keys;
  private SqlAwsCredentialStore credentials;

  @BeforeEach
  void open() {
    Arrays.fill(masterKey, (byte) 42);
    database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"));
    keys = new SqlKeyStore(database, clock);
    credentials = new SqlAwsCredentialStore(database, keys, new SecretBox(masterKey), clock);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private ApiKey newKey(String name) {
    return keys.create(new NewKey(name, "acme", "search", "", Map.of("env", "prod"))).key();
  }

  @Test
  void issue_returnsACredentialThatIsFoundAgainWithItsKey() {
    ApiKey key = newKey("aws client");

    AwsCredential issued = credentials.issue(key.id());

    assertThat(issued.accessKeyId()).startsWith("AKST").hasSize(20).matches("[A-Z0-9]+");
    assertThat(issued.secretAccessKey()).hasSize(40);
    assertThat(issued.key()).isEqualTo(key);
    assertThat(credentials.findByAccessKeyId(issued.accessKeyId())).contains(issued);
    assertThat(credentials.findByAccessKeyId("AKSTUNKNOWN000000000")).isEmpty();
    assertThat(credentials.issue(key.id()).accessKeyId()).isNotEqualTo(issued.accessKeyId());
  }

  @Test
  void findByAccessKeyId_showsTheKeyRevokedAfterIssue() {
    ApiKey key = newKey("doomed");
    AwsCredential issued = credentials.issue(key.id());

    keys.revoke(key.id());

    assertThat(credentials.findByAccessKeyId(issued.accessKeyId()).orElseThrow().key().isRevoked())
        .isTrue();
  }

  @Test
  void issue_refusesAnUnknownOrRevokedKey() {
    ApiKey revoked = newKey("revoked");
    keys.revoke(revoked.id());

    assertThatThrownBy(() -> credentials.issue("key_unknown"))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    assertThatThrownBy(() -> credentials.issue(revoked.id()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
  }

  @Test
  void anotherMasterKey_cannotReadTheSecret() {
    AwsCredential issued = credentials.issue(newKey("k").id());
    byte[] other = masterKey.clone();
    other[0] ^= 1;
    var elsewhere = new SqlAwsCredentialStore(database, keys, new SecretBox(other), clock);

    assertThatThrownBy(() -> elsewhere.findByAccessKeyId(issued.accessKeyId()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
        .hasMessageNotContaining(issued.secretAccessKey());
  }

  @Test
  void theSecretIsNeverStoredInClear() throws Exception {
    AwsCredential issued = credentials.issue(newKey("k").id());
    database.close();

    var all = new java.io.ByteArrayOutputStream();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("strata.db")).toList()) {
        all.write(Files.readAllBytes(file));
      }
    }
    String stored = all.toString(StandardCharsets.ISO_8859_1);
    assertThat(stored).contains(issued.accessKeyId()).doesNotContain(issued.secretAccessKey());
    database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"));
  }
}
