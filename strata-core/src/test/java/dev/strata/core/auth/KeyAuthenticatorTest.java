package dev.strata.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class KeyAuthenticatorTest {
  private static final Duration TTL = Duration.ofSeconds(30);

  private final ManualClock clock = ManualClock.at("2025-06-01T12:00:00Z");
  private final InMemoryKeyStore store = new InMemoryKeyStore(clock);
  private final KeyAuthenticator authenticator = new KeyAuthenticator(store, clock, TTL);

  private static void assertUnauthenticated(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
              assertThat(e.httpStatus()).isEqualTo(401);
              assertThat(e.code()).contains("invalid_api_key");
              assertThat(e.isRetryable()).isFalse();
            });
  }

  @Test
  void authenticate_validKey_returnsItsPrincipal() {
    IssuedKey issued =
        store.create(new NewKey("ci", "acme", "search", "indexer", Map.of("env", "prod")));

    Principal principal = authenticator.authenticate(Optional.of(issued.secret()));

    assertThat(principal)
        .isEqualTo(
            new Principal(issued.key().id(), "acme", "search", "indexer", Map.of("env", "prod")));
  }

  @Test
  void authenticate_missingKey_isAuthenticationErrorSayingHowToPassOne() {
    assertUnauthenticated(() -> authenticator.authenticate(Optional.empty()));
    assertUnauthenticated(() -> authenticator.authenticate(Optional.of("  ")));
    assertThatThrownBy(() -> authenticator.authenticate(Optional.empty()))
        .hasMessageContaining("didn't provide an API key")
        .hasMessageContaining("Authorization: Bearer");
  }

  @Test
  void authenticate_unknownKey_isAuthenticationErrorThatDoesNotEchoTheSecret() {
    String secret = KeySecrets.newVirtualKeySecret();

    assertUnauthenticated(() -> authenticator.authenticate(Optional.of(secret)));
    assertThatThrownBy(() -> authenticator.authenticate(Optional.of(secret)))
        .hasMessageContaining(KeySecrets.displayPrefix(secret))
        .hasMessageNotContaining(secret);
  }

  @Test
  void authenticate_revokedKey_isAuthenticationError() {
    IssuedKey issued = store.create("old");
    store.revoke(issued.key().id());

    assertUnauthenticated(() -> authenticator.authenticate(Optional.of(issued.secret())));
  }

  @Test
  void authenticate_keyCreatedAfterAFailedLookup_worksAtOnce() {
    String secret = KeySecrets.newVirtualKeySecret();
    assertUnauthenticated(() -> authenticator.authenticate(Optional.of(secret)));

    IssuedKey issued = store.create(new NewKey("late", null, null, null, Map.of()), secret);

    assertThat(authenticator.authenticate(Optional.of(secret)).keyId())
        .isEqualTo(issued.key().id());
  }

  @Test
  void authenticate_unknownKey_isLookedUpEveryTime() {
    String secret = KeySecrets.newVirtualKeySecret();

    for (int i = 0; i < 3; i++) {
      assertUnauthenticated(() -> authenticator.authenticate(Optional.of(secret)));
    }

    assertThat(store.secretLookups()).isEqualTo(3);
  }

  @Test
  void authenticate_withinTtl_doesNotReadTheStoreAgain() {
    IssuedKey issued = store.create("hot");
    authenticator.authenticate(Optional.of(issued.secret()));
    int lookups = store.secretLookups();

    clock.advance(TTL.minusMillis(1));
    authenticator.authenticate(Optional.of(issued.secret()));

    assertThat(store.secretLookups()).isEqualTo(lookups);
  }

  @Test
  void authenticate_keyRevokedInTheStore_stopsWorkingOnceTheTtlHasPassed() {
    IssuedKey issued = store.create("leaked");
    authenticator.authenticate(Optional.of(issued.secret()));
    store.revoke(issued.key().id());

    clock.advance(TTL.minusSeconds(1));
    assertThat(authenticator.authenticate(Optional.of(issued.secret())).keyId())
        .as("still cached within the TTL")
        .isEqualTo(issued.key().id());

    clock.advance(Duration.ofSeconds(1));
    assertUnauthenticated(() -> authenticator.authenticate(Optional.of(issued.secret())));
  }

  @Test
  void authenticate_afterTtl_readsTheStoreAgain() {
    IssuedKey issued = store.create("warm");
    authenticator.authenticate(Optional.of(issued.secret()));
    int lookups = store.secretLookups();

    clock.advance(TTL);
    authenticator.authenticate(Optional.of(issued.secret()));

    assertThat(store.secretLookups()).isEqualTo(lookups + 1);
  }

  @Test
  void forget_makesARevocationTakeEffectAtOnce() {
    IssuedKey issued = store.create("leaked");
    IssuedKey other = store.create("other");
    authenticator.authenticate(Optional.of(issued.secret()));
    authenticator.authenticate(Optional.of(other.secret()));

    store.revoke(issued.key().id());
    authenticator.forget(issued.key().id());

    assertUnauthenticated(() -> authenticator.authenticate(Optional.of(issued.secret())));
    int lookups = store.secretLookups();
    assertThat(authenticator.authenticate(Optional.of(other.secret())).keyId())
        .isEqualTo(other.key().id());
    assertThat(store.secretLookups()).as("other keys stay cached").isEqualTo(lookups);
  }
}
