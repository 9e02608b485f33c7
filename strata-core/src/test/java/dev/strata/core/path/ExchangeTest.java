package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExchangeTest {

  @Test
  void timeToFirstToken_isEmptyUntilContentAndKeepsTheFirstMoment() {
    Exchange exchange = Exchanges.chat("m", "hi");
    long received = exchange.receivedNanos();

    assertThat(exchange.timeToFirstTokenNanos()).isEmpty();
    exchange.firstTokenAt(received + 250);
    exchange.firstTokenAt(received + 900);

    assertThat(exchange.timeToFirstTokenNanos()).hasValue(250);
  }

  @Test
  void latency_isFixedByTheFirstFinish() {
    Exchange exchange = Exchanges.chat("m", "hi");
    long received = exchange.receivedNanos();

    exchange.finishedAt(received + 1_000);
    exchange.finishedAt(received + 5_000);

    assertThat(exchange.latencyNanos()).isEqualTo(1_000);
  }

  @Test
  void facts_areEmptyUntilStepsEstablishThem() {
    Exchange exchange = Exchanges.chat("gpt-4o", "hi");

    assertThat(exchange.principal()).isEmpty();
    assertThat(exchange.candidates()).isEmpty();
    assertThat(exchange.servedBy()).isEmpty();
    assertThat(exchange.metering()).isEmpty();
    assertThat(exchange.partialAnswer()).isEmpty();
    assertThat(exchange.credential()).contains(Exchanges.SECRET);
    assertThat(exchange).hasToString("Exchange[req-1, chat gpt-4o]");
    assertThat(exchange.toString()).doesNotContain(Exchanges.SECRET);
  }
}
