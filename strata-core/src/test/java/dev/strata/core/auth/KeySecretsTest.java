package dev.strata.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.ManualClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySecretsTest {

  @Test
  void newVirtualKeySecret_isPrefixedAndRandom() {
    String a = KeySecrets.newVirtualKeySecret();
    String b = KeySecrets.newVirtualKeySecret();

    assertThat(a).startsWith("sk-strata-").hasSize("sk-strata-".length() + 32).isNotEqualTo(b);
    assertThat(a.substring("sk-strata-".length())).matches("[0-9A-Za-z]{32}");
    assertThat(KeySecrets.newAdminSecret()).startsWith("sk-strata-admin-");
  }

  @Test
  void hash_isHexSha256() {
    assertThat(KeySecrets.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void hashesMatch_comparesWholeHashes() {
    String hash = KeySecrets.hash("abc");

    assertThat(KeySecrets.hashesMatch(hash, KeySecrets.hash("abc"))).isTrue();
    assertThat(KeySecrets.hashesMatch(hash, KeySecrets.hash("abd"))).isFalse();
  }

  @Test
  void displayPrefix_showsThePrefixAndFourCharacters() {
    assertThat(KeySecrets.displayPrefix("sk-strata-ABCDEFGH")).isEqualTo("sk-strata-ABCD");
    assertThat(KeySecrets.displayPrefix("short")).isEqualTo("short");
  }

  @Test
  void issuedKey_toStringNeverShowsTheSecret() {
    IssuedKey issued = new InMemoryKeyStore(ManualClock.at("2025-01-01T00:00:00Z")).create("k");

    assertThat(issued.toString())
        .doesNotContain(issued.secret())
        .contains(issued.key().id())
        .contains(issued.key().displayPrefix());
  }

  @Test
  void principal_defaultsTenantAndBlankAttribution() {
    Principal principal = new Principal("k1", " ", null, null, Map.of());

    assertThat(principal.tenant()).isEqualTo(Principal.DEFAULT_TENANT);
    assertThat(principal.team()).isEmpty();
    assertThat(principal.app()).isEmpty();
  }

  @Test
  void principal_tagsAreSortedAndCopied() {
    Map<String, String> tags = new HashMap<>(Map.of("z", "1", "a", "2"));
    Principal principal = new Principal("k1", "t", "team", "app", tags);
    tags.put("b", "3");

    assertThat(principal.tags().keySet()).containsExactly("a", "z");
    assertThatThrownBy(() -> principal.tags().put("c", "4"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void newKey_nameMustBeOneTo200Characters() {
    assertThatThrownBy(() -> new NewKey(" ", null, null, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a key name is 1 to 200 characters");
    assertThatThrownBy(() -> new NewKey("x".repeat(201), null, null, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new NewKey("x".repeat(200), null, null, null, Map.of()).name()).hasSize(200);
  }

  @Test
  void apiKey_isRevokedWhenItHasARevocationTime() {
    Principal principal = new Principal("k1", null, null, null, Map.of());
    Instant now = Instant.parse("2025-01-01T00:00:00Z");

    assertThat(new ApiKey("k1", "n", "h", "p", principal, now, Optional.empty()).isRevoked())
        .isFalse();
    assertThat(new ApiKey("k1", "n", "h", "p", principal, now, Optional.of(now)).isRevoked())
        .isTrue();
  }
}
