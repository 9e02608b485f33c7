package dev.strata.core.batch;

import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain test format: {@code id|prompt} lines in, {@code ok|id|answer|requestId} or
 * {@code error|id|kind|requestId} lines out, all written to {@code <output>/<jobId>.out}.
 */
final class LineFormat implements BatchFormat {
  @Override
  public BatchApi api() {
    return BatchApi.OPENAI;
  }

  @Override
  public BatchLine read(BatchJob job, int index, String line) {
    int bar = line.indexOf('|');
    if (bar < 0) {
      throw new BatchLineException("invalid_line", "id", "expected id|prompt");
    }
    if (bar == line.length() - 1) {
      throw new BatchLineException("missing_field", "prompt", "the prompt is empty");
    }
    return new BatchLine(
        line.substring(0, bar),
        new Operation.Chat(ChatRequest.of(job.model(), line.substring(bar + 1)), Optional.empty()));
  }

  @Override
  public String success(BatchJob job, BatchLine line, Answer answer, String requestId) {
    String text = ((Answer.Chat) answer).response().output().content().stream()
        .filter(ContentBlock.Text.class::isInstance)
        .map(block -> ((ContentBlock.Text) block).text())
        .findFirst()
        .orElse("");
    return "ok|" + line.customId() + "|" + text + "|" + requestId;
  }

  @Override
  public String failure(BatchJob job, BatchLine line, StrataException error, String requestId) {
    return "error|" + line.customId() + "|" + error.kind() + "|" + requestId;
  }

  @Override
  public String unreadable(BatchJob job, String customId, BatchLineException error, String requestId) {
    return "error|" + customId + "|unreadable|" + requestId;
  }

  @Override
  public BatchJob writeOutputs(BatchJob job, RecordPages records, ObjectStore store) {
    List<String> lines = new ArrayList<>();
    for (int from = 0; ; ) {
      List<BatchRecord> page = records.page(from, 3); // small pages: paging is exercised
      page.stream().filter(r -> r.output().isPresent()).forEach(r -> lines.add(r.output().get()));
      if (page.size() < 3) {
        break;
      }
      from = page.get(page.size() - 1).index() + 1;
    }
    String name = job.id() + ".out";
    store.put(job.output().resolve(name), String.join("\n", lines).getBytes(StandardCharsets.UTF_8), Map.of());
    return job.withFiles(Optional.of(name), Optional.empty());
  }
}
