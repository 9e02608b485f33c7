package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.EmbeddingRequest;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.core.provider.StreamAccumulator;
import dev.strata.core.provider.StreamSink;
import dev.strata.core.testing.FakeProvider;
import dev.strata.core.testing.RecordingSink;
import dev.strata.core.testing.ScriptedReply;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InvokeTest {
  private static final ModelEntry PRIMARY = Exchanges.listed("primary", "p1", "up-primary");
  private static final ModelEntry SECONDARY = Exchanges.listed("secondary", "p2", "up-secondary");
  private static final ModelEntry TERTIARY = Exchanges.listed("tertiary", "p1", "up-tertiary");
  private static final Usage USAGE = Usage.of(10, 4);

  private final FakeProvider p1 = new FakeProvider("p1");
  private final FakeProvider p2 = new FakeProvider("p2");
  private final Invoke invoke = new Invoke(new ProviderRegistry(List.of(p1, p2)));

  private static Exchange routed(Exchange exchange, ModelEntry... candidates) {
    exchange.routedTo(List.of(candidates));
    return exchange;
  }

  private static ChatResponse chatAnswer(Answer answer) {
    return ((Answer.Chat) answer).response();
  }

  @Test
  void serve_answersWithTheFirstCandidateUnderItsUpstreamName() {
    p1.reply("up-primary", ScriptedReply.text("Hello there", USAGE));
    Exchange exchange = routed(Exchanges.chat("primary", "hi"), PRIMARY, SECONDARY);

    Answer answer = invoke.serve(exchange, Exchanges.unreachable());

    assertThat(chatAnswer(answer).output().text()).isEqualTo("Hello there");
    assertThat(chatAnswer(answer).usage()).contains(USAGE);
    assertThat(exchange.servedBy()).contains(PRIMARY);
    assertThat(p1.calls())
        .containsExactly(new ModelCall(ChatRequest.of("primary", "hi"), "up-primary"));
    assertThat(p2.calls()).isEmpty();
    assertThat(exchange.timeToFirstTokenNanos()).as("not a stream").isEmpty();
    assertThat(exchange.partialAnswer()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorKind.class,
      names = {"UNAVAILABLE", "UPSTREAM_TIMEOUT", "RATE_LIMITED"})
  void serve_retryableFailure_fallsBackToTheNextModel(ErrorKind kind) {
    p1.reply("up-primary", ScriptedReply.failing(kind));
    p2.reply("up-secondary", ScriptedReply.text("from secondary", USAGE));
    Exchange exchange = routed(Exchanges.chat("alias", "hi"), PRIMARY, SECONDARY);

    Answer answer = invoke.serve(exchange, Exchanges.unreachable());

    assertThat(chatAnswer(answer).output().text()).isEqualTo("from secondary");
    assertThat(exchange.servedBy()).contains(SECONDARY);
    assertThat(p1.calledModels()).containsExactly("up-primary");
    assertThat(p2.calledModels()).containsExactly("up-secondary");
  }

  @Test
  void serve_fallsBackThroughSeveralModelsInOrder() {
    p1.reply("up-primary", ScriptedReply.failing(ErrorKind.UNAVAILABLE));
    p2.reply("up-secondary", ScriptedReply.failing(ErrorKind.RATE_LIMITED));
    p1.reply("up-tertiary", ScriptedReply.text("third time lucky", USAGE));
    Exchange exchange = routed(Exchanges.chat("alias", "hi"), PRIMARY, SECONDARY, TERTIARY);

    Answer answer = invoke.serve(exchange, Exchanges.unreachable());

    assertThat(chatAnswer(answer).output().text()).isEqualTo("third time lucky");
    assertThat(exchange.servedBy()).contains(TERTIARY);
    assertThat(p1.calledModels()).containsExactly("up-primary", "up-tertiary");
  }

  @Test
  void serve_invalidRequestFailure_doesNotFallBack() {
    p1.reply("up-primary", ScriptedReply.failing(ErrorKind.INVALID_REQUEST));
    p2.reply("up-secondary", ScriptedReply.text("never", USAGE));
    Exchange exchange = routed(Exchanges.chat("alias", "hi"), PRIMARY, SECONDARY);

    assertThatThrownBy(() -> invoke.serve(exchange, Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    assertThat(p2.calls()).isEmpty();
    assertThat(exchange.servedBy()).contains(PRIMARY);
  }

  @Test
  void serve_upstreamErrorMarkedRetryable_fallsBack() {
    p1.reply(
        "up-primary",
        ScriptedReply.failing(
            () -> StrataException.builder(ErrorKind.UPSTREAM_ERROR, "overloaded").retryable(true).build()));
    p2.reply("up-secondary", ScriptedReply.text("ok", USAGE));

    invoke.serve(routed(Exchanges.chat("alias", "hi"), PRIMARY, SECONDARY), Exchanges.unreachable());

    assertThat(p2.calls()).hasSize(1);
  }

  @Test
  void serve_lastModelFailing_throwsItsFailureAndNamesItAsServer() {
    p1.reply("up-primary", ScriptedReply.failing(ErrorKind.UNAVAILABLE));
    p2.reply("up-secondary", ScriptedReply.failing(ErrorKind.UPSTREAM_TIMEOUT));
    Exchange exchange = routed(Exchanges.chat("alias", "hi"), PRIMARY, SECONDARY);

    assertThatThrownBy(() -> invoke.serve(exchange, Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT));
    assertThat(exchange.servedBy()).contains(SECONDARY);
    assertThat(exchange.partialAnswer()).isEmpty();
  }

  @Test
  void serve_streamFailingBeforeAnyEvent_fallsBackAndTheClientSeesOnlyTheAnswer() {
    p1.reply("up-primary", ScriptedReply.failing(ErrorKind.UNAVAILABLE));
    p2.reply("up-secondary", ScriptedReply.text("streamed answer", USAGE));
    RecordingSink client = new RecordingSink();
    Exchange exchange = routed(Exchanges.streaming(ChatRequest.of("alias", "hi"), client), PRIMARY, SECONDARY);

    Answer answer = invoke.serve(exchange, Exchanges.unreachable());

    assertThat(client.events()).isEqualTo(ScriptedReply.text("streamed answer", USAGE).events());
    assertThat(client.text()).isEqualTo("streamed answer");
    assertThat(chatAnswer(answer).output().text()).isEqualTo("streamed answer");
    assertThat(exchange.servedBy()).contains(SECONDARY);
    assertThat(exchange.timeToFirstTokenNanos()).isPresent();
  }

  @Test
  void serve_streamBrokenAfterRelayingContent_doesNotFallBackAndRecordsThePartialAnswer() {
    p1.reply("up-primary", ScriptedReply.brokenAfter("The answer is", ErrorKind.UNAVAILABLE));
    p2.reply("up-secondary", ScriptedReply.text("never", USAGE));
    RecordingSink client = new RecordingSink();
    Exchange exchange = routed(Exchanges.streaming(ChatRequest.of("alias", "hi"), client), PRIMARY, SECONDARY);

    assertThatThrownBy(() -> invoke.serve(exchange, Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));

    assertThat(p2.calls()).as("content already reached the caller").isEmpty();
    assertThat(client.text()).isEqualTo("The answer is");
    assertThat(exchange.servedBy()).contains(PRIMARY);
    ChatResponse partial = exchange.partialAnswer().orElseThrow();
    assertThat(partial.output().text()).isEqualTo("The answer is");
    assertThat(partial.usage()).isEmpty();
    assertThat(exchange.timeToFirstTokenNanos()).isPresent();
  }

  @Test
  void serve_stream_recordsTimeToFirstTokenOnTheFirstContentNotOnMessageStart() {
    long[] marks = new long[2];
    Provider timed =
        new StreamingProvider(
            "timed",
            sink -> {
              sink.accept(new StreamEvent.MessageStart(Role.ASSISTANT));
              marks[0] = System.nanoTime();
              sink.accept(new StreamEvent.TextDelta(0, "first"));
              marks[1] = System.nanoTime();
              sink.accept(new StreamEvent.TextDelta(0, " second"));
              sink.accept(new StreamEvent.MessageStop(StopReason.END_TURN));
            });
    Invoke timedInvoke = new Invoke(new ProviderRegistry(List.of(timed)));
    Exchange exchange =
        routed(
            Exchanges.streaming(ChatRequest.of("m", "hi"), new RecordingSink()),
            Exchanges.listed("m", "timed", "m"));

    timedInvoke.serve(exchange, Exchanges.unreachable());

    long firstToken = exchange.receivedNanos() + exchange.timeToFirstTokenNanos().orElseThrow();
    assertThat(firstToken).isBetween(marks[0], marks[1]);
    assertThat(exchange.latencyNanos()).isGreaterThanOrEqualTo(marks[1] - exchange.receivedNanos());
  }

  @Test
  void serve_stream_toolUseStartCountsAsFirstContent() {
    p1.reply("up-primary", ScriptedReply.toolUse("t1", "lookup", "{\"q\":1}", USAGE));
    Exchange exchange =
        routed(Exchanges.streaming(ChatRequest.of("m", "hi"), new RecordingSink()), PRIMARY);

    invoke.serve(exchange, Exchanges.unreachable());

    assertThat(exchange.timeToFirstTokenNanos()).isPresent();
  }

  @Test
  void serve_embeddings_callsTheProvidersEmbedderWithTheUpstreamModel() {
    p1.embeddings(FakeProvider.fixedEmbeddings(4, Optional.of(3L)));
    ModelEntry embed = Exchanges.embedding("embed", "p1", "text-embedding-3-small");
    Exchange exchange =
        routed(Exchanges.embed(new EmbeddingRequest("embed", List.of("a", "b"), OptionalInt.empty())), embed);

    Answer answer = invoke.serve(exchange, Exchanges.unreachable());

    assertThat(answer)
        .isInstanceOfSatisfying(
            Answer.Embeddings.class,
            e -> {
              assertThat(e.response().vectors()).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(4));
              assertThat(e.response().inputTokens()).contains(6L);
            });
    assertThat(p1.embeddingCalls()).extracting(EmbeddingRequest::model).containsExactly("text-embedding-3-small");
    assertThat(exchange.servedBy()).contains(embed);
  }

  @Test
  void serve_embeddingsOnAProviderWithoutEmbeddings_isA400NamingTheModel() {
    ModelEntry embed = Exchanges.embedding("embed", "p2", "e-1");
    Exchange exchange =
        routed(Exchanges.embed(new EmbeddingRequest("embed", List.of("a"), OptionalInt.empty())), embed);

    assertThatThrownBy(() -> invoke.serve(exchange, Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.param()).contains("model");
            })
        .hasMessage("The model 'embed' cannot embed text");
  }

  @Test
  void serve_withoutRoute_isAnInternalError() {
    assertThatThrownBy(() -> invoke.serve(Exchanges.chat("m", "hi"), Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL));
  }

  @Test
  void serve_streamFailingAfterMessageStartOnly_fallsBackAndSendsOneMessageStart() {
    p1.reply(
        "up-primary",
        ScriptedReply.events(new StreamEvent.MessageStart(Role.ASSISTANT))
            .thenFailing(() -> StrataException.builder(ErrorKind.UNAVAILABLE, "overloaded").build()));
    p2.reply("up-secondary", ScriptedReply.text("answer", USAGE));
    RecordingSink client = new RecordingSink();
    Exchange exchange = routed(Exchanges.streaming(ChatRequest.of("alias", "hi"), client), PRIMARY, SECONDARY);

    invoke.serve(exchange, Exchanges.unreachable());

    assertThat(exchange.servedBy()).contains(SECONDARY);
    assertThat(client.eventsOf(StreamEvent.MessageStart.class)).hasSize(1);
    assertThat(client.text()).isEqualTo("answer");
  }

  @Test
  void serve_defectAfterRelayingContent_recordsThePartialAnswer() {
    p1.reply(
        "up-primary",
        ScriptedReply.events(
                new StreamEvent.MessageStart(Role.ASSISTANT), new StreamEvent.TextDelta(0, "half an"))
            .thenFailing(() -> new IllegalStateException("adapter bug")));
    Exchange exchange =
        routed(Exchanges.streaming(ChatRequest.of("m", "hi"), new RecordingSink()), PRIMARY);

    assertThatThrownBy(() -> invoke.serve(exchange, Exchanges.unreachable()))
        .isInstanceOf(IllegalStateException.class);

    assertThat(exchange.partialAnswer().map(r -> r.output().text())).contains("half an");
  }

  /** A provider whose every stream is produced by {@code script}. */
  private record StreamingProvider(String name, Consumer<StreamSink> script)
      implements Provider {
    @Override
    public ChatResponse converse(ModelCall call) {
      throw new UnsupportedOperationException("streams only");
    }

    @Override
    public ChatResponse converseStream(ModelCall call, StreamSink sink) {
      StreamAccumulator accumulator = new StreamAccumulator();
      script.accept(
          event -> {
            accumulator.accept(event);
            sink.accept(event);
          });
      return accumulator.response();
    }
  }
}
