package dev.strata.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeySecrets;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.ModelCall;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test doubles published in the test-jar behave as their javadoc promises. */
class FakesTest {
  private static final ModelCall CALL = new ModelCall(ChatRequest.of("m", "hi"), "up");

  @Test
  void fakeProvider_givesScriptedRepliesInOrderAndRepeatsTheLast() {
    FakeProvider provider =
        new FakeProvider("p")
            .reply(
                "up",
                ScriptedReply.failing(ErrorKind.UNAVAILABLE),
                ScriptedReply.text("ok", Usage.of(1, 1)));

    assertThatThrownBy(() -> provider.converse(CALL))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    assertThat(provider.converse(CALL).output().text()).isEqualTo("ok");
    assertThat(provider.converse(CALL).output().text()).isEqualTo("ok");
    assertThat(provider.calls()).hasSize(3);
  }

  @Test
  void fakeProvider_unscriptedModel_failsNamingIt() {
    FakeProvider provider = new FakeProvider("p");

    assertThatThrownBy(() -> provider.converse(CALL))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
        .hasMessageContaining("'up'");
    assertThat(provider.replyToAnyModel(ScriptedReply.textWithoutUsage("x")).converse(CALL).usage())
        .isEmpty();
  }

  @Test
  void fakeProvider_streamsEveryEventThenReturnsTheAssembledAnswer() {
    ScriptedReply reply = ScriptedReply.text("one two three", Usage.of(3, 3));
    FakeProvider provider = new FakeProvider("p").reply("up", reply);
    RecordingSink sink = new RecordingSink();

    ChatResponse response = provider.converseStream(CALL, sink);

    assertThat(sink.events()).isEqualTo(reply.events());
    assertThat(sink.eventsOf(StreamEvent.TextDelta.class)).hasSize(3);
    assertThat(sink.text()).isEqualTo("one two three");
    assertThat(response).isEqualTo(reply.response());
    assertThat(response.usage()).contains(Usage.of(3, 3));
  }

  @Test
  void fakeProvider_brokenStream_relaysThePartThenFails() {
    FakeProvider provider =
        new FakeProvider("p")
            .reply("up", ScriptedReply.brokenAfter("half of it", ErrorKind.UPSTREAM_TIMEOUT));
    RecordingSink sink = new RecordingSink();

    assertThatThrownBy(() -> provider.converseStream(CALL, sink))
        .isInstanceOf(StrataException.class);
    assertThat(sink.text()).isEqualTo("half of it");
  }

  @Test
  void fakeProvider_gatedReply_waitsForTheGate() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    FakeProvider provider =
        new FakeProvider("p").reply("up", ScriptedReply.text("late", Usage.of(1, 1)).gatedBy(gate));

    CompletableFuture<ChatResponse> answer =
        CompletableFuture.supplyAsync(() -> provider.converse(CALL));
    assertThat(answer).isNotDone();
    gate.countDown();

    assertThat(answer.get(10, TimeUnit.SECONDS).output().text()).isEqualTo("late");
  }

  @Test
  void manualClock_movesOnlyWhenToldAndSharesTimeWithItsZoneViews() {
    ManualClock clock = ManualClock.at("2025-01-01T00:00:00Z");
    var paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofMinutes(5));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:05:00Z"));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void inMemoryKeyStore_storesOnlyTheHashAndRevokesWithTheClocksTime() {
    ManualClock clock = ManualClock.at("2025-01-01T00:00:00Z");
    InMemoryKeyStore store = new InMemoryKeyStore(clock);
    IssuedKey issued = store.create("k");
    clock.advance(Duration.ofHours(1));

    assertThat(store.revoke(issued.key().id())).isTrue();
    assertThat(store.revoke("key_missing")).isFalse();

    ApiKey stored = store.findBySecretHash(KeySecrets.hash(issued.secret())).orElseThrow();
    assertThat(stored.secretHash())
        .isEqualTo(KeySecrets.hash(issued.secret()))
        .isNotEqualTo(issued.secret());
    assertThat(stored.revokedAt()).contains(Instant.parse("2025-01-01T01:00:00Z"));
    assertThat(store.list()).extracting(ApiKey::id).containsExactly(issued.key().id());
    assertThat(store.findById(issued.key().id())).contains(stored);
  }
}
