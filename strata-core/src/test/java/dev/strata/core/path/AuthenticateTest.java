package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticateTest {
  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  private final InMemoryKeyStore keys = new InMemoryKeyStore(clock);
  private final Authenticate authenticate =
      new Authenticate(new KeyAuthenticator(keys, clock, Duration.ofMinutes(1)));

  private static Exchange presenting(Optional<String> secret) {
    return new Exchange(
        "req-1",
        Exchanges.RECEIVED,
        System.nanoTime(),
        "openai",
        secret,
        new Operation.Chat(ChatRequest.of("m", "hi"), Optional.empty()));
  }

  @Test
  void serve_validKey_setsThePrincipalBeforeTheRestOfThePath() {
    IssuedKey issued = keys.create("app", "search", "indexer");
    Exchange exchange = presenting(Optional.of(issued.secret()));

    authenticate.serve(
        exchange,
        ex -> {
          assertThat(ex.principal()).contains(issued.key().principal());
          return null;
        });

    assertThat(exchange.principal().orElseThrow().team()).isEqualTo("search");
  }

  @Test
  void serve_missingOrUnknownKey_endsTheRequestUnauthenticated() {
    for (Optional<String> secret :
        List.of(Optional.<String>empty(), Optional.of("sk-strata-nope"))) {
      Exchange exchange = presenting(secret);

      assertThatThrownBy(() -> authenticate.serve(exchange, Exchanges.unreachable()))
          .isInstanceOfSatisfying(
              StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
      assertThat(exchange.principal()).isEmpty();
    }
  }
}
