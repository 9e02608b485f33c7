package dev.strata.bench.mock;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The mock's OpenAI Files: uploaded batch inputs and the output files of batches, in memory. */
final class MockFiles {
  /** OpenAI's limit for a batch input file. */
  static final int MAX_FILE_BYTES = 200 * 1024 * 1024;

  /** The most files kept; the oldest is dropped to make room, as the mock has no disk behind it. */
  static final int MAX_FILES = 1_000;

  /** The most bytes kept over all files; the oldest are dropped to make room. */
  static final long MAX_TOTAL_BYTES = 1024L * 1024 * 1024;

  private final Map<String, StoredFile> files = new LinkedHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private long totalBytes;

  /** One stored file; {@code createdAt} in epoch seconds. */
  record StoredFile(String id, String purpose, String filename, byte[] content, long createdAt) {
    StoredFile {
      requireNonNull(id, "id");
      requireNonNull(purpose, "purpose");
      requireNonNull(filename, "filename");
      requireNonNull(content, "content");
    }
  }

  /** Stores a file and returns it with its new id; a file over the limit is refused. */
  synchronized StoredFile add(String purpose, String filename, byte[] content, long createdAt) {
    if (content.length > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(
          "The file is larger than the limit of " + MAX_FILE_BYTES + " bytes.");
    }
    StoredFile file =
        new StoredFile("file-mock" + ids.incrementAndGet(), purpose, filename, content, createdAt);
    while (!files.isEmpty()
        && (files.size() >= MAX_FILES || totalBytes + content.length > MAX_TOTAL_BYTES)) {
      String oldest = files.keySet().iterator().next();
      totalBytes -= files.remove(oldest).content().length;
    }
    files.put(file.id(), file);
    totalBytes += content.length;
    return file;
  }

  synchronized Optional<StoredFile> get(String id) {
    return Optional.ofNullable(files.get(id));
  }

  /** Deletes the file; returns whether there was one. */
  synchronized boolean delete(String id) {
    StoredFile removed = files.remove(id);
    if (removed != null) {
      totalBytes -= removed.content().length;
    }
    return removed != null;
  }

  synchronized void clear() {
    files.clear();
    totalBytes = 0;
  }
}
