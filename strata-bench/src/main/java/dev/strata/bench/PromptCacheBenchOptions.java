package dev.strata.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * The agentic workload of {@link PromptCachePlacementBenchmark}: how many sessions of how many
 * turns, how far apart in simulated time, and how often the assistant calls a tool.
 *
 * @param sessions conversations, each with the same system prompt and tools
 * @param turns user message + assistant answer pairs per conversation
 * @param turnGap simulated time between two turns of one conversation
 * @param sessionStagger simulated time between the starts of two conversations
 * @param toolCallEvery every this many turns the answer calls a tool and the next message carries
 *     its result
 */
record PromptCacheBenchOptions(
    int sessions, int turns, Duration turnGap, Duration sessionStagger, int toolCallEvery) {
  static final Set<String> FLAGS =
      Set.of("--sessions", "--turns", "--turn-gap", "--session-stagger", "--tool-call-every");

  static final PromptCacheBenchOptions DEFAULTS =
      new PromptCacheBenchOptions(20, 12, Duration.ofSeconds(30), Duration.ofSeconds(20), 3);

  PromptCacheBenchOptions {
    if (sessions < 1 || turns < 1 || toolCallEvery < 1) {
      throw new IllegalArgumentException("sessions, turns and tool-call-every must be at least 1");
    }
    if (turnGap.isNegative() || sessionStagger.isNegative()) {
      throw new IllegalArgumentException("turn-gap and session-stagger cannot be negative");
    }
  }

  static PromptCacheBenchOptions parse(String... args) {
    Flags flags = new Flags(Arrays.asList(args), FLAGS);
    return new PromptCacheBenchOptions(
        flags.integer("--sessions", DEFAULTS.sessions()),
        flags.integer("--turns", DEFAULTS.turns()),
        flags.seconds("--turn-gap", DEFAULTS.turnGap().toSeconds()),
        flags.seconds("--session-stagger", DEFAULTS.sessionStagger().toSeconds()),
        flags.integer("--tool-call-every", DEFAULTS.toolCallEvery()));
  }
}
