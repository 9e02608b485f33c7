package dev.strata.server.openai.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.batch.BatchFormat;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.RecordState;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A job's records as the bytes of a JSONL file, read page by page as the stream is consumed, so a
 * file of any length holds one page in memory. Each record gives at most one line.
 */
final class RecordLines extends InputStream {
  static final int PAGE_SIZE = 500;

  private final BatchFormat.RecordPages pages;
  private final Function<BatchRecord, Optional<String>> lineOf;
  private final Deque<BatchRecord> page = new ArrayDeque<>();
  private final Set<RecordState> seen = EnumSet.noneOf(RecordState.class);
  private int nextIndex;
  private boolean lastPage;
  private byte[] current = new byte[0];
  private int position;

  RecordLines(BatchFormat.RecordPages pages, Function<BatchRecord, Optional<String>> lineOf) {
    this.pages = requireNonNull(pages, "pages");
    this.lineOf = requireNonNull(lineOf, "lineOf");
  }

  /** The states of the records read so far. */
  Set<RecordState> statesSeen() {
    return EnumSet.copyOf(seen);
  }

  @Override
  public int read() {
    if (!fill()) {
      return -1;
    }
    return current[position++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int count = Math.min(length, current.length - position);
    System.arraycopy(current, position, buffer, offset, count);
    position += count;
    return count;
  }

  /** Makes the current line have unread bytes; false at the end of the file. */
  private boolean fill() {
    while (position == current.length) {
      Optional<BatchRecord> record = nextRecord();
      if (record.isEmpty()) {
        return false;
      }
      seen.add(record.get().state());
      Optional<String> line = lineOf.apply(record.get());
      if (line.isPresent()) {
        current = (line.get() + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
      }
    }
    return true;
  }

  private Optional<BatchRecord> nextRecord() {
    if (page.isEmpty() && !lastPage) {
      List<BatchRecord> next = pages.page(nextIndex, PAGE_SIZE);
      page.addAll(next);
      lastPage = next.size() < PAGE_SIZE;
      if (!next.isEmpty()) {
        nextIndex = next.get(next.size() - 1).index() + 1;
      }
    }
    return Optional.ofNullable(page.pollFirst());
  }
}
