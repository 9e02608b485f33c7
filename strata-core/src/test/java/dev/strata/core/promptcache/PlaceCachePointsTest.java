package dev.strata.core.promptcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import dev.strata.core.model.Usage;
import dev.strata.core.money.PriceBookLoader;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Operation;
import dev.strata.core.path.RequestPath;
import dev.strata.core.path.Route;
import dev.strata.core.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PlaceCachePointsTest {
  static final String SYSTEM = "You are a careful agent. ".repeat(600); // ~3,750 tokens
  static final ModelEntry SONNET =
      new ModelEntry(
          "sonnet",
          "anthropic",
          "claude-sonnet-4-20250514",
          new PriceSource.Listed("claude-sonnet-4-20250514"),
          OptionalInt.empty(),
          false);
  static final ModelEntry GPT =
      new ModelEntry(
          "gpt", "openai", "gpt-4o", new PriceSource.Listed("gpt-4o"), OptionalInt.empty(), false);

  final ManualClock clock = ManualClock.at("2026-01-01T00:00:00Z");
  final AtomicReference<ChatRequest> sent = new AtomicReference<>();

  PlaceCachePoints step(PromptCacheSettings settings) {
    return new PlaceCachePoints(PriceBookLoader.shipped(), clock, settings);
  }

  ChatRequest send(PlaceCachePoints placement, Principal who, ChatRequest request) {
    RequestPath path =
        new RequestPath(
            List.of(
                new Route(new ModelCatalog(List.of(SONNET, GPT), Map.of())),
                placement,
                (exchange, next) -> {
                  sent.set(((Operation.Chat) exchange.operation()).request());
                  return new Answer.Chat(
                      new ChatResponse(
                          Message.assistant("ok"),
                          StopReason.END_TURN,
                          Optional.of(new Usage(10, 5, 3_000, 700, 0))));
                }));
    path.run(
        Exchange.preAuthenticated(
            "r", clock.instant(), 0, "anthropic", who, new Operation.Chat(request, Optional.empty())));
    clock.advance(Duration.ofSeconds(20));
    return sent.get();
  }

  static Principal key(Map<String, String> tags) {
    return new Principal("k1", "acme", "", "", tags);
  }

  static ChatRequest conversation(String model, List<Message> messages) {
    return new ChatRequest(
        model,
        List.of(new ContentBlock.Text(SYSTEM)),
        messages,
        InferenceConfig.DEFAULTS,
        Optional.empty(),
        new ResponseFormat.Text(),
        Map.of());
  }

  /** Where the request carries cache points: "system", or the index of a marked message. */
  static List<String> marks(ChatRequest request) {
    List<String> marks = new ArrayList<>();
    if (request.system().getLast() instanceof ContentBlock.CachePoint) {
      marks.add("system");
    }
    for (int i = 0; i < request.messages().size(); i++) {
      if (request.messages().get(i).content().getLast() instanceof ContentBlock.CachePoint) {
        marks.add(Integer.toString(i));
      }
    }
    return marks;
  }

  @Test
  void multiTurnConversationGetsTheSystemPromptAndTheGrowingHistoryCached() {
    PlaceCachePoints placement = step(PromptCacheSettings.DEFAULTS);
    Principal who = key(Map.of());
    send(placement, who, conversation("sonnet", List.of(Message.user("other session"))));

    List<Message> history = new ArrayList<>();
    List<List<String>> marksPerTurn = new ArrayList<>();
    for (int turn = 1; turn <= 4; turn++) {
      history.add(Message.user("question " + turn + " " + "detail ".repeat(50)));
      ChatRequest placed = send(placement, who, conversation("sonnet", history));
      marksPerTurn.add(marks(placed));
      assertThat(placed.cachePointCount()).isLessThanOrEqualTo(4);
      history.add(Message.assistant("answer " + turn));
    }

    assertThat(marksPerTurn.get(0)).containsExactly("system"); // seen by another session
    assertThat(marksPerTurn.get(1)).containsExactly("system", "0", "2"); // the turn continues
    assertThat(marksPerTurn.get(2)).containsExactly("system", "1", "2", "4");
    assertThat(marksPerTurn.get(3)).containsExactly("system", "3", "4", "6");
    assertThat(placement.counts().requestsPlaced()).isEqualTo(4);
    assertThat(placement.counts().cacheReadTokens()).isEqualTo(4 * 3_000);
  }

  @Test
  void oneOffRequestGetsNoCachePoint() {
    PlaceCachePoints placement = step(PromptCacheSettings.DEFAULTS);
    ChatRequest placed =
        send(placement, key(Map.of()), conversation("sonnet", List.of(Message.user("hi"))));
    assertThat(placed.cachePointCount()).isZero();
    assertThat(placement.counts().requestsSeen()).isEqualTo(1);
    assertThat(placement.counts().requestsPlaced()).isZero();
  }

  @Test
  void modelsThatCacheOnTheirOwnKeyOptOutAndSwitchedOffModelsAreLeftAlone() {
    PlaceCachePoints placement = step(PromptCacheSettings.DEFAULTS);
    Principal off = key(Map.of(PromptCacheSettings.KEY_TAG, "off"));
    for (int i = 0; i < 3; i++) {
      assertThat(send(placement, key(Map.of()), conversation("gpt", List.of(Message.user("q"))))
              .cachePointCount())
          .isZero();
      assertThat(send(placement, off, conversation("sonnet", List.of(Message.user("q"))))
              .cachePointCount())
          .isZero();
    }
    PlaceCachePoints switchedOff =
        step(PromptCacheSettings.DEFAULTS.withDisabledModels(Set.of("sonnet")));
    for (int i = 0; i < 3; i++) {
      assertThat(
              send(switchedOff, key(Map.of()), conversation("sonnet", List.of(Message.user("q"))))
                  .cachePointCount())
          .isZero();
    }
    assertThat(placement.counts().requestsSeen()).isZero();
  }

  @Test
  void callersOwnCachePointsStayAndTheTotalNeverExceedsFour() {
    PlaceCachePoints placement = step(PromptCacheSettings.DEFAULTS);
    ContentBlock.CachePoint point = new ContentBlock.CachePoint(ContentBlock.CacheTtl.ONE_HOUR);
    ToolSpec tool =
        new ToolSpec("search", "d".repeat(6_000), JsonNodeFactory.instance.objectNode())
            .withCachePointAfter(ContentBlock.CacheTtl.ONE_HOUR);
    List<Message> messages =
        List.of(
            new Message(Role.USER, List.of(new ContentBlock.Text("a".repeat(5_000)), point)),
            Message.assistant("b"),
            new Message(Role.USER, List.of(new ContentBlock.Text("c"), point)),
            Message.assistant("d"),
            Message.user("e"));
    ChatRequest request =
        new ChatRequest(
            "sonnet",
            List.of(new ContentBlock.Text(SYSTEM)),
            messages,
            InferenceConfig.DEFAULTS,
            Optional.of(new ToolConfig(List.of(tool), new ToolChoice.Auto())),
            new ResponseFormat.Text(),
            Map.of());
    ChatRequest placed = null;
    for (int i = 0; i < 3; i++) {
      placed = send(placement, key(Map.of()), request);
    }
    assertThat(placed.cachePointCount()).isEqualTo(4);
    assertThat(placed.tools().orElseThrow().tools().get(0).cachePointAfter())
        .contains(ContentBlock.CacheTtl.ONE_HOUR);
    assertThat(placed.messages().get(0).content()).endsWith(point);
    assertThat(placed.messages().get(2).content()).endsWith(point);
    assertThat(placed.system().getLast())
        .as("the one free slot goes to the longest worthwhile prefix")
        .isNotInstanceOf(ContentBlock.CachePoint.class);
    assertThat(placed.messages().get(4).content().getLast())
        .isInstanceOf(ContentBlock.CachePoint.class);
  }
}
