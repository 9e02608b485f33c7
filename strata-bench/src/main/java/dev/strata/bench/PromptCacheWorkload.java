package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.model.ToolChoice;
import dev.strata.core.model.ToolConfig;
import dev.strata.core.model.ToolSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The agentic conversations: one long system prompt (~3,000 tokens) and tool list (~2,000), and
 * per session a scripted history where each turn adds a user message and an assistant answer,
 * now and then a tool call whose result opens the next user message. Deterministic.
 */
final class PromptCacheWorkload {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] WORDS = {
    "invoice", "ledger", "customer", "region", "quota", "deploy", "cluster", "retry", "budget",
    "report", "schema", "latency", "backlog", "ticket", "policy", "refund", "shipment", "audit"
  };

  private final PromptCacheBenchOptions options;
  private final List<ContentBlock> system;
  private final ToolConfig tools;

  /** One request of the workload: when, which session, which turn (0-based). */
  record Call(Instant at, int session, int turn) {}

  PromptCacheWorkload(PromptCacheBenchOptions options) {
    this.options = requireNonNull(options, "options");
    this.system = List.of(new ContentBlock.Text(words(new SplittableRandom(7), 12_000)));
    List<ToolSpec> specs = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 8; i++) {
      ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
      schema.putObject("properties").putObject("query").put("type", "string");
      specs.add(new ToolSpec("tool_" + i, words(random, 950), schema));
    }
    this.tools = new ToolConfig(specs, new ToolChoice.Auto());
  }

  /** Every call of every session, in the order of simulated time. */
  List<Call> schedule() {
    List<Call> calls = new ArrayList<>();
    for (int s = 0; s < options.sessions(); s++) {
      Instant start = START.plus(options.sessionStagger().multipliedBy(s));
      for (int t = 0; t < options.turns(); t++) {
        calls.add(new Call(start.plus(options.turnGap().multipliedBy(t)), s, t));
      }
    }
    calls.sort(Comparator.comparing(Call::at).thenComparing(Call::session));
    return calls;
  }

  /** The request of {@code session} at {@code turn}: the history so far and a new user message. */
  ChatRequest request(int session, int turn) {
    List<Message> messages = new ArrayList<>();
    for (int t = 0; t <= turn; t++) {
      messages.add(userMessage(session, t));
      if (t < turn) {
        messages.add(answer(session, t));
      }
    }
    return new ChatRequest(
        "sonnet",
        system,
        messages,
        InferenceConfig.DEFAULTS,
        Optional.of(tools),
        new ResponseFormat.Text(),
        Map.of());
  }

  private boolean callsTool(int turn) {
    return turn % options.toolCallEvery() == options.toolCallEvery() - 1;
  }

  private Message userMessage(int session, int turn) {
    SplittableRandom random = new SplittableRandom(session * 1_000L + turn);
    List<ContentBlock> content = new ArrayList<>();
    if (turn > 0 && callsTool(turn - 1)) {
      content.add(
          new ContentBlock.ToolResult(
              toolUseId(session, turn - 1),
              List.of(new ContentBlock.Text(words(random, 2_400))),
              false));
    }
    content.add(new ContentBlock.Text(words(random, 480)));
    return new Message(Role.USER, content);
  }

  private Message answer(int session, int turn) {
    SplittableRandom random = new SplittableRandom(-(session * 1_000L + turn) - 1);
    List<ContentBlock> content = new ArrayList<>();
    content.add(new ContentBlock.Text(words(random, 1_000)));
    if (callsTool(turn)) {
      ObjectNode input = JsonNodeFactory.instance.objectNode().put("query", words(random, 60));
      content.add(new ContentBlock.ToolUse(toolUseId(session, turn), "tool_" + turn % 8, input));
    }
    return new Message(Role.ASSISTANT, content);
  }

  private static String toolUseId(int session, int turn) {
    return "toolu_" + session + "_" + turn;
  }

  /** About {@code chars} characters of words. */
  private static String words(SplittableRandom random, int chars) {
    StringBuilder text = new StringBuilder(chars + 16);
    while (text.length() < chars) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(1_000)).append(' ');
    }
    return text.toString();
  }

  Duration span() {
    return options.sessionStagger().multipliedBy(options.sessions() - 1)
        .plus(options.turnGap().multipliedBy(options.turns() - 1));
  }
}
