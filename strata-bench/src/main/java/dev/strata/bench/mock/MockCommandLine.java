package dev.strata.bench.mock;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link MockOpenAiUpstream#main}: flags to settings, then runs until killed.
 */
final class MockCommandLine {

  static final String USAGE =
      """
      Usage: MockOpenAiUpstream [options]
        --port N              port on 127.0.0.1 (default 0: a free port, printed on start)
        --latency-ms N        delay before the first byte of each model answer (default 0)
        --chunks N            content chunks of a streamed answer (default 5)
        --chunk-delay-ms N    delay between stream events (default 0)
        --text TEXT           the assistant's answer
        --usage P,C,CACHED    fixed prompt, completion and cached token counts
        --tool-call JSON      answer requests offering tools with a call with these arguments
        --unknown-model NAME  answer this model with 404 model_not_found (repeatable)
        --models A,B,...      ids listed by GET /v1/models
        --api-key KEY         require Authorization: Bearer KEY
        --native-batch        serve OpenAI's Files and Batches APIs (/v1/files, /v1/batches)
        --batch-delay-ms N    how long a batch stays in progress before it completes (default 0)
      """;

  private MockCommandLine() {}

  static void run(String[] args) {
    PrintStream out = System.out;
    if (List.of(args).contains("--help")) {
      out.print(USAGE);
      return;
    }
    int port;
    MockSettings settings;
    try {
      port = port(args);
      settings = settings(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    MockOpenAiUpstream upstream = MockOpenAiUpstream.start(port, settings);
    Runtime.getRuntime().addShutdownHook(new Thread(upstream::close, "mock-upstream-shutdown"));
    out.println("Mock OpenAI upstream listening on " + upstream.baseUrl());
  }

  static int port(String[] args) {
    int port = 0;
    for (int i = 0; i < args.length; i += width(args[i])) {
      if (args[i].equals("--port")) {
        port = number(args, i);
      }
    }
    return port;
  }

  static MockSettings settings(String[] args) {
    MockSettings settings = MockSettings.DEFAULTS;
    List<String> unknownModels = new ArrayList<>();
    for (int i = 0; i < args.length; i += width(args[i])) {
      String value = width(args[i]) == 2 ? value(args, i) : "";
      settings =
          switch (args[i]) {
            case "--port" -> settings;
            case "--latency-ms" -> settings.withLatency(Duration.ofMillis(number(args, i)));
            case "--chunks" -> settings.withStreamChunks(number(args, i));
            case "--chunk-delay-ms" -> settings.withChunkDelay(Duration.ofMillis(number(args, i)));
            case "--text" -> settings.withResponseText(value);
            case "--usage" -> usage(settings, value);
            case "--tool-call" -> settings.withToolCall(value);
            case "--models" -> settings.withModels(value.split(","));
            case "--api-key" -> settings.withRequiredApiKey(value);
            case "--native-batch" -> settings.withNativeBatch(true);
            case "--batch-delay-ms" -> settings.withBatchDelay(Duration.ofMillis(number(args, i)));
            case "--unknown-model" -> {
              unknownModels.add(value);
              yield settings.withUnknownModels(unknownModels.toArray(String[]::new));
            }
            default -> throw new IllegalArgumentException("unknown option " + args[i]);
          };
    }
    return settings;
  }

  private static MockSettings usage(MockSettings settings, String value) {
    String[] parts = value.split(",");
    if (parts.length != 3) {
      throw new IllegalArgumentException("--usage takes PROMPT,COMPLETION,CACHED, was " + value);
    }
    try {
      return settings.withUsage(
          Long.parseLong(parts[0].trim()),
          Long.parseLong(parts[1].trim()),
          Long.parseLong(parts[2].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--usage takes three whole numbers, was " + value, e);
    }
  }

  /** How many arguments a flag takes up: itself and, unless it is a switch, its value. */
  private static int width(String flag) {
    return flag.equals("--native-batch") ? 1 : 2;
  }

  private static String value(String[] args, int i) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(args[i] + " needs a value");
    }
    return args[i + 1];
  }

  private static int number(String[] args, int i) {
    String value = value(args, i);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(args[i] + " takes a whole number, was " + value, e);
    }
  }
}
