package dev.strata.server.bedrock.batch;

import dev.strata.core.batch.BatchFormat.RecordPages;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.RecordState;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a finished Bedrock job's output files where Bedrock puts them: {@code
 * <output>/<jobId>/<input file name>.out} with every done record's output line in input order,
 * streamed page by page, and {@code <output>/<jobId>/manifest.json.out} with the record and token
 * counts.
 */
final class OutputFiles {
  static final int PAGE_SIZE = 100;
  static final String MANIFEST = "manifest.json.out";

  private OutputFiles() {}

  static ObjectRef outputsOf(BatchJob job) {
    return job.output().resolve(job.id() + "/" + job.input().fileName() + ".out");
  }

  static ObjectRef manifestOf(BatchJob job) {
    return job.output().resolve(job.id() + "/" + MANIFEST);
  }

  static BatchJob write(BatchJob job, RecordPages records, ObjectStore store) {
    ObjectRef outputs = outputsOf(job);
    Tally tally = new Tally();
    store.put(outputs, new RecordStream(records, tally), Map.of());
    store.put(manifestOf(job), tally.manifest(), Map.of());
    return job.withFiles(Optional.of(outputs.uri()), Optional.empty());
  }

  /** The counts the manifest reports, gathered while the output lines stream out. */
  private static final class Tally {
    private long total;
    private long succeeded;
    private long failed;
    private long inputTokens;
    private long outputTokens;

    void count(BatchRecord record) {
      total++;
      if (record.state() == RecordState.SUCCEEDED) {
        succeeded++;
      } else if (record.state() == RecordState.FAILED) {
        failed++;
      }
      inputTokens += record.usage().totalInputTokens();
      outputTokens += record.usage().outputTokens();
    }

    byte[] manifest() {
      return Json.write(
              256,
              json -> {
                json.writeStartObject();
                json.writeNumberField("totalRecordCount", total);
                json.writeNumberField("processedRecordCount", succeeded + failed);
                json.writeNumberField("successRecordCount", succeeded);
                json.writeNumberField("errorRecordCount", failed);
                json.writeNumberField("inputTokenCount", inputTokens);
                json.writeNumberField("outputTokenCount", outputTokens);
                json.writeEndObject();
                json.writeRaw('\n');
              })
          .getBytes();
    }
  }

  /** The output lines as a stream, reading one page of records at a time. */
  private static final class RecordStream extends InputStream {
    private final RecordPages records;
    private final Tally tally;
    private int nextIndex;
    private boolean exhausted;
    private byte[] chunk = new byte[0];
    private int position;

    RecordStream(RecordPages records, Tally tally) {
      this.records = records;
      this.tally = tally;
    }

    @Override
    public int read() {
      return fill() ? chunk[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      java.util.Objects.checkFromIndexSize(offset, length, into.length);
      if (length == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int count = Math.min(length, chunk.length - position);
      System.arraycopy(chunk, position, into, offset, count);
      position += count;
      return count;
    }

    /** Whether unread bytes are left, reading pages until some are or the records run out. */
    private boolean fill() {
      while (position == chunk.length) {
        if (exhausted) {
          return false;
        }
        List<BatchRecord> page = records.page(nextIndex, PAGE_SIZE);
        exhausted = page.size() < PAGE_SIZE;
        if (!page.isEmpty()) {
          nextIndex = page.getLast().index() + 1;
        }
        ByteArrayOutputStream lines = new ByteArrayOutputStream(page.size() * 512);
        for (BatchRecord record : page) {
          tally.count(record);
          if (record.output().isPresent()) {
            lines.writeBytes(record.output().get().getBytes(StandardCharsets.UTF_8));
            lines.write('\n');
          }
        }
        chunk = lines.toByteArray();
        position = 0;
      }
      return true;
    }
  }
}
