package dev.strata.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The requests of {@link BatchThroughputBenchmark}: the same small chat completion as an
 * interactive request and as each line of the batch input file (OpenAI's batch JSONL).
 */
final class BatchWorkload {
  /** Tokens the mock reports for every answer, so each request costs the same. */
  static final int PROMPT_TOKENS = 40;

  static final int COMPLETION_TOKENS = 20;

  static final int MAX_TOKENS = 64;

  static final String ENDPOINT = "/v1/chat/completions";

  private BatchWorkload() {}

  /** The chat completion body; {@code n} makes each prompt distinct. */
  static String chatBody(String model, String n) {
    return String.format(
        Locale.ROOT,
        "{\"model\":\"%s\",\"max_tokens\":%d,\"messages\":[{\"role\":\"user\",\"content\":"
            + "\"Summarise ticket %s in one sentence: the customer cannot export last month's"
            + " invoices as CSV from the billing page.\"}]}",
        model,
        MAX_TOKENS,
        n);
  }

  /** A batch input file of {@code records} lines, custom ids {@code r-0} … in order. */
  static byte[] inputFile(String model, int records) {
    StringBuilder file = new StringBuilder(records * 300);
    for (int i = 0; i < records; i++) {
      file.append("{\"custom_id\":\"r-")
          .append(i)
          .append("\",\"method\":\"POST\",\"url\":\"")
          .append(ENDPOINT)
          .append("\",\"body\":")
          .append(chatBody(model, "B-" + i))
          .append("}\n");
    }
    return file.toString().getBytes(StandardCharsets.UTF_8);
  }
}
