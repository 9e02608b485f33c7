package dev.strata.providers.local;

import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.provider.ModelCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Prints the engine's load time, time to first token with a cold and a warm ~1,000-token shared
 * prefix, and generation speed, for the docs. Not a test: run it by hand, optionally with a model
 * file as the first argument (the tiny test model by default).
 */
final class LocalEngineTimings {
  private static final int ROUNDS = 7;

  private LocalEngineTimings() {}

  public static void main(String[] args) {
    Path model = args.length > 0 ? Path.of(args[0]) : TinyModel.file();
    LocalEngineConfig config =
        new LocalEngineConfig("local", model, 8192, 2, 0, 256, Duration.ofSeconds(30));
    long loadStart = System.nanoTime();
    LocalEngineProvider engine = LocalEngineProvider.load(config);
    double loadMs = (System.nanoTime() - loadStart) / 1e6;
    try {
      print("machine: %d cores, %s", Runtime.getRuntime().availableProcessors(), model);
      print("load: %.0f ms", loadMs);
      engine.converse(Requests.call("warm up", 8, 1));
      List<Double> cold = new ArrayList<>();
      List<Double> warm = new ArrayList<>();
      int prefixTokens = 0;
      for (int round = 0; round < ROUNDS; round++) {
        String system = prefix(engine, "round" + round + "-" + System.nanoTime(), 1000);
        ModelCall first = Requests.call(system, "first question", 1, round, List.of());
        ModelCall second = Requests.call(system, "second question", 1, round, List.of());
        prefixTokens = engine.prepare(first.request()).tokens().length;
        cold.add(timeToFirstToken(engine, first).ttftMs);
        warm.add(timeToFirstToken(engine, second).ttftMs);
      }
      print(
          "time to first token, %d-token prompt sharing its system prefix: cold %.1f ms, warm"
              + " %.1f ms (medians of %d)",
          prefixTokens, median(cold), median(warm), ROUNDS);
      for (int round = 0; round < 3; round++) {
        Timing run = timeToFirstToken(engine, Requests.call("Tell a long story.", 1000, round));
        print(
            "generation: %d tokens at %.0f tokens/s after a first token in %.1f ms",
            run.tokens, run.tokensPerSecond(), run.ttftMs);
      }
    } finally {
      engine.close();
    }
    System.exit(0); // llama.cpp's native worker thread would keep the JVM alive
  }

  /** A system prompt of about {@code tokens} tokens, unique to {@code variant}. */
  private static String prefix(LocalEngineProvider engine, String variant, int tokens) {
    int words = 50;
    while (true) {
      String text = Requests.filler(variant, words);
      long count = engine.tokenCounter("").orElseThrow().count(text);
      if (count >= tokens) {
        return text;
      }
      words += Math.max(1, (int) ((tokens - count) / 3));
    }
  }

  private record Timing(double ttftMs, double lastMs, int tokens) {
    double tokensPerSecond() {
      return tokens <= 1 ? 0 : (tokens - 1) / ((lastMs - ttftMs) / 1000);
    }
  }

  private static Timing timeToFirstToken(LocalEngineProvider engine, ModelCall call) {
    long start = System.nanoTime();
    long[] first = {0};
    long[] last = {0};
    ChatResponse response =
        engine.converseStream(
            call,
            event -> {
              if (event instanceof StreamEvent.TextDelta) {
                last[0] = System.nanoTime();
                if (first[0] == 0) {
                  first[0] = last[0];
                }
              }
            });
    int tokens = (int) response.usage().orElseThrow().outputTokens();
    return new Timing((first[0] - start) / 1e6, (last[0] - start) / 1e6, tokens);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
