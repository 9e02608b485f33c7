package dev.strata.server.openai.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectListing;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.objectstore.ObjectStore;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI files kept in the object store: bucket {@value #BUCKET}, key = file id. Each file belongs
 * to one tenant; to every other tenant, and once expired, it does not exist.
 */
final class OpenAiFiles {
  static final String BUCKET = "strata-files";
  private static final int LIST_PAGE = 1000;

  private final ObjectStore store;
  private final Clock clock;

  OpenAiFiles(ObjectStore store, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
  }

  long maxBytes() {
    return store.maxObjectBytes();
  }

  /** Stores a new file under a new id. */
  StoredFile create(
      String tenant, String filename, String purpose, InputStream content, Optional<Instant> expiresAt) {
    Instant now = clock.instant();
    return write(Ids.newFileId(now), tenant, filename, purpose, content, now, expiresAt);
  }

  /** Stores a file under {@code id}, replacing any file there. */
  StoredFile write(
      String id,
      String tenant,
      String filename,
      String purpose,
      InputStream content,
      Instant createdAt,
      Optional<Instant> expiresAt) {
    ObjectInfo info =
        store.put(
            ref(id), content, StoredFile.metadata(filename, purpose, createdAt, tenant, expiresAt));
    return StoredFile.of(info)
        .orElseThrow(() -> new IllegalStateException("the store lost the metadata of " + id));
  }

  /** The tenant's file {@code id}, unless it does not exist, is another tenant's, or expired. */
  Optional<StoredFile> find(String tenant, String id) {
    if (!Ids.isFileId(id)) {
      return Optional.empty();
    }
    return store.head(ref(id)).flatMap(StoredFile::of).filter(file -> isVisible(file, tenant));
  }

  Optional<InputStream> open(StoredFile file) {
    return store.open(ref(file.id()));
  }

  /** Deletes the tenant's file; false when the tenant has no such file. */
  boolean delete(String tenant, String id) {
    return find(tenant, id).map(file -> store.delete(ref(file.id()))).orElse(false);
  }

  /**
   * One page of the tenant's files, newest first (or oldest first), after the file {@code after}
   * (in that order), only of {@code purpose} when given.
   */
  FilePage list(
      String tenant, Optional<String> purpose, Optional<String> after, int limit, boolean oldestFirst) {
    if (oldestFirst) {
      List<StoredFile> all = matching(tenant, purpose, Optional.empty(), Integer.MAX_VALUE);
      List<StoredFile> ascending = new ArrayList<>(all.reversed());
      int from = 0;
      if (after.isPresent()) {
        from = ascending.size();
        for (int i = 0; i < ascending.size(); i++) {
          if (ascending.get(i).id().equals(after.get())) {
            from = i + 1;
            break;
          }
        }
      }
      List<StoredFile> rest = ascending.subList(from, ascending.size());
      return new FilePage(rest.subList(0, Math.min(limit, rest.size())), rest.size() > limit);
    }
    List<StoredFile> newest = matching(tenant, purpose, after.filter(Ids::isFileId), limit + 1);
    return new FilePage(newest.subList(0, Math.min(limit, newest.size())), newest.size() > limit);
  }

  /** Up to {@code max} visible files in key order (newest first), after {@code startAfter}. */
  private List<StoredFile> matching(
      String tenant, Optional<String> purpose, Optional<String> startAfter, int max) {
    List<StoredFile> found = new ArrayList<>();
    Optional<String> cursor = startAfter;
    while (found.size() < max) {
      ObjectListing page = store.list(BUCKET, "file-", cursor, LIST_PAGE);
      for (ObjectInfo info : page.objects()) {
        Optional<StoredFile> file = StoredFile.of(info).filter(f -> isVisible(f, tenant));
        if (file.isPresent()
            && Ids.isFileId(file.get().id())
            && purpose.map(file.get().purpose()::equals).orElse(true)) {
          found.add(file.get());
          if (found.size() == max) {
            break;
          }
        }
      }
      if (page.continueAfter().isEmpty()) {
        break;
      }
      cursor = page.continueAfter();
    }
    return found;
  }

  private boolean isVisible(StoredFile file, String tenant) {
    return file.tenant().equals(tenant) && !file.isExpiredAt(clock.instant());
  }

  private static ObjectRef ref(String id) {
    return new ObjectRef(BUCKET, id);
  }

  /** Files of one list page, and whether more follow. */
  record FilePage(List<StoredFile> files, boolean hasMore) {
    FilePage {
      files = List.copyOf(files);
    }
  }
}
