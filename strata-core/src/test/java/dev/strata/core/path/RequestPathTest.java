package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestPathTest {

  /** A step that notes its name on the way in and on the way out. */
  private static Step tracing(String name, List<String> trace) {
    return (exchange, next) -> {
      trace.add("→" + name);
      Answer answer = next.proceed(exchange);
      trace.add("←" + name);
      return answer;
    };
  }

  @Test
  void toString_showsTheChainOutermostFirst() {
    ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
    ProviderRegistry providers = new ProviderRegistry(List.of());
    RequestPath path =
        new RequestPath(
            List.of(
                new Authenticate(new KeyAuthenticator(new InMemoryKeyStore(clock), clock, Duration.ZERO)),
                new Validate(RequestLimits.DEFAULTS),
                new Settle(new InMemoryLedger(), clock),
                new Meter(new CostMeter(PriceBookLoader.shipped(), providers)),
                new Route(new ModelCatalog(List.of(), Map.of())),
                new Invoke(providers)));

    assertThat(path)
        .hasToString("RequestPath[Authenticate → Validate → Settle → Meter → Route → Invoke]");
  }

  @Test
  void run_callsStepsInOrderAndUnwindsInReverse() {
    List<String> trace = new ArrayList<>();
    RequestPath path =
        new RequestPath(
            List.of(
                tracing("a", trace),
                tracing("b", trace),
                (exchange, next) -> {
                  trace.add("answer");
                  return null;
                }));

    path.run(Exchanges.chat("m", "hi"));

    assertThat(trace).containsExactly("→a", "→b", "answer", "←b", "←a");
    assertThat(path.steps()).hasSize(3);
  }

  @Test
  void run_lastStepCallingNext_isADefect() {
    RequestPath path = new RequestPath(List.of((exchange, next) -> next.proceed(exchange)));

    assertThatThrownBy(() -> path.run(Exchanges.chat("m", "hi")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("called next");
  }

  @Test
  void constructor_noSteps_isRejected() {
    assertThatThrownBy(() -> new RequestPath(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a request path needs at least one step");
  }
}
