package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.Message;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Cost;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.ManualClock;
import dev.strata.core.testing.RecordingSink;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SettleTest {
  private static final Principal ALICE =
      new Principal("key_alice", "acme", "search", "indexer", Map.of());
  private static final ModelEntry GPT =
      Exchanges.listed("gpt-4o", "openai", "gpt-4o-2024-08-06", "gpt-4o");
  private static final Cost COST =
      new Cost(
          Money.ofMicros(215),
          Money.ofMicros(3000),
          Money.ofMicros(2400),
          Money.ZERO,
          Tier.ON_DEMAND,
          "gpt-4o@2024-08-06 (list)");
  private static final Usage USAGE = new Usage(86, 300, 1920, 0, 0);
  private static final Answer ANSWER =
      new Answer.Chat(
          new ChatResponse(Message.assistant("ok"), StopReason.END_TURN, Optional.of(USAGE)));

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:02Z");
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final Settle settle = new Settle(ledger, clock);

  private static Exchange authenticated(Exchange exchange) {
    exchange.authenticatedAs(ALICE);
    return exchange;
  }

  /** The rest of the path: {@code GPT} served and was metered, 1234 ms after arrival. */
  private static void served(Exchange exchange) {
    exchange.attempting(GPT);
    exchange.metered(new Metering(USAGE, UsageSource.PROVIDER, COST));
    exchange.finishedAt(exchange.receivedNanos() + 1_234_000_000L);
  }

  @Test
  void serve_success_appendsOneRecordWithEveryField() {
    Exchange exchange = authenticated(Exchanges.chat("smart", "hi"));

    Answer answer =
        settle.serve(
            exchange,
            ex -> {
              served(ex);
              return ANSWER;
            });

    assertThat(answer).isSameAs(ANSWER);
    UsageRecord record = ledger.onlyRecord();
    assertThat(record)
        .isEqualTo(
            new UsageRecord(
                "req-1",
                Exchanges.RECEIVED,
                Instant.parse("2025-07-01T10:00:02Z"),
                ALICE,
                "openai",
                "chat",
                "smart",
                "gpt-4o",
                "openai",
                USAGE,
                UsageSource.PROVIDER,
                Money.ofMicros(5615),
                "gpt-4o@2024-08-06 (list)",
                Tier.ON_DEMAND,
                false,
                "ok",
                200,
                1234,
                OptionalLong.empty()));
    assertThat(record.isSuccess()).isTrue();
  }

  @Test
  void serve_failure_appendsOneRecordWithTheErrorAndRethrows() {
    Exchange exchange = authenticated(Exchanges.chat("smart", "hi"));
    StrataException down = StrataException.builder(ErrorKind.UNAVAILABLE, "all down").build();

    assertThatThrownBy(
            () ->
                settle.serve(
                    exchange,
                    ex -> {
                      served(ex);
                      throw down;
                    }))
        .isSameAs(down);

    UsageRecord record = ledger.onlyRecord();
    assertThat(record.status()).isEqualTo("unavailable");
    assertThat(record.httpStatus()).isEqualTo(503);
    assertThat(record.isSuccess()).isFalse();
    assertThat(record.servedModel()).isEqualTo("gpt-4o");
    assertThat(record.provider()).isEqualTo("openai");
    assertThat(record.cost()).isEqualTo(Money.ofMicros(5615));
    assertThat(record.usage()).isEqualTo(USAGE);
    assertThat(record.principal()).isEqualTo(ALICE);
  }

  @Test
  void serve_failureBeforeAnyModel_recordsNoModelAndNoCost() {
    Exchange exchange = authenticated(Exchanges.chat("gpt-7", "hi"));

    assertThatThrownBy(
            () ->
                settle.serve(
                    exchange,
                    ex -> {
                      throw StrataException.modelNotFound("gpt-7");
                    }))
        .isInstanceOf(StrataException.class);

    UsageRecord record = ledger.onlyRecord();
    assertThat(record.status()).isEqualTo("not_found");
    assertThat(record.httpStatus()).isEqualTo(404);
    assertThat(record.requestedModel()).isEqualTo("gpt-7");
    assertThat(record.servedModel()).isEmpty();
    assertThat(record.provider()).isEmpty();
    assertThat(record.usage()).isEqualTo(Usage.ZERO);
    assertThat(record.cost()).isEqualTo(Money.ZERO);
    assertThat(record.priceReference()).isEqualTo("none");
  }

  @Test
  void serve_defect_appendsAnInternalRecordAndRethrows() {
    Exchange exchange = authenticated(Exchanges.chat("smart", "hi"));
    IllegalStateException defect = new IllegalStateException("bug");

    assertThatThrownBy(
            () ->
                settle.serve(
                    exchange,
                    ex -> {
                      throw defect;
                    }))
        .isSameAs(defect);

    assertThat(ledger.onlyRecord().status()).isEqualTo("internal");
    assertThat(ledger.onlyRecord().httpStatus()).isEqualTo(500);
  }

  @Test
  void serve_unauthenticated_appendsNothing() {
    settle.serve(
        Exchanges.chat("smart", "hi"),
        ex -> {
          served(ex);
          return ANSWER;
        });
    assertThatThrownBy(
            () ->
                settle.serve(
                    Exchanges.chat("smart", "hi"),
                    ex -> {
                      throw StrataException.unauthenticated("no key");
                    }))
        .isInstanceOf(StrataException.class);

    assertThat(ledger.records()).isEmpty();
  }

  @Test
  void serve_stream_recordsStreamedAndTimeToFirstToken() {
    Exchange exchange =
        authenticated(Exchanges.streaming(ChatRequest.of("smart", "hi"), new RecordingSink()));

    settle.serve(
        exchange,
        ex -> {
          ex.firstTokenAt(ex.receivedNanos() + 250_000_000L);
          served(ex);
          return ANSWER;
        });

    UsageRecord record = ledger.onlyRecord();
    assertThat(record.streamed()).isTrue();
    assertThat(record.timeToFirstTokenMillis()).hasValue(250);
    assertThat(record.latencyMillis()).isEqualTo(1234);
  }
}
