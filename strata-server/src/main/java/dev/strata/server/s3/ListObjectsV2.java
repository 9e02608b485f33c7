package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectListing;
import dev.strata.core.objectstore.ObjectStore;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ListObjectsV2: up to max-keys entries in key order — objects, and with a delimiter the common
 * prefixes that roll up the keys below them — read from the store a page at a time, with a
 * continuation token when more follow.
 */
final class ListObjectsV2 implements S3Handler {
  /** Sorts after every key that starts with a prefix, to skip past a rolled-up common prefix. */
  private static final String PAST = "\uffff";

  private final ObjectStore store;

  ListObjectsV2(ObjectStore store) {
    this.store = requireNonNull(store, "store");
  }

  /** One listed entry: an object, or a common prefix (then {@code object} is empty). */
  private record Entry(String name, Optional<ObjectInfo> object) {}

  /** One page of the answer: objects, common prefixes, and the token that resumes after it. */
  record Page(List<ObjectInfo> contents, List<String> commonPrefixes, Optional<String> nextToken) {
    Page {
      contents = List.copyOf(contents);
      commonPrefixes = List.copyOf(commonPrefixes);
      requireNonNull(nextToken, "nextToken");
    }

    int keyCount() {
      return contents.size() + commonPrefixes.size();
    }
  }

  @Override
  public void handle(S3Exchange exchange) {
    String bucket = exchange.target().validBucket();
    ListingQuery query = ListingQuery.of(exchange.target());
    List<Entry> entries = new ArrayList<>();
    boolean truncated = query.maxKeys() > 0 && collect(bucket, query, entries);
    Page page =
        new Page(
            entries.stream().flatMap(entry -> entry.object().stream()).toList(),
            entries.stream().filter(entry -> entry.object().isEmpty()).map(Entry::name).toList(),
            truncated
                ? Optional.of(ListingQuery.tokenAfter(entries.getLast().name()))
                : Optional.empty());
    exchange
        .response()
        .putHeader(HttpHeaders.CONTENT_TYPE, S3Errors.APPLICATION_XML)
        .end(ListResultXml.write(bucket, query, page).toBuffer());
  }

  /** Fills {@code entries} up to max-keys; answers whether another entry follows them. */
  private boolean collect(String bucket, ListingQuery query, List<Entry> entries) {
    String prefix = query.prefix();
    String delimiter = query.delimiter();
    Optional<String> resume = query.resumeAfter();
    String rolledUp = resume.filter(entry -> isCommonPrefix(entry, prefix, delimiter)).orElse(null);
    Optional<String> after = rolledUp == null ? resume : Optional.of(rolledUp + PAST);
    while (true) {
      ObjectListing page =
          store.list(bucket, prefix, after, Math.min(ListingQuery.MAX_KEYS, query.maxKeys() + 1));
      for (ObjectInfo info : page.objects()) {
        String key = info.ref().key();
        if (rolledUp != null && key.startsWith(rolledUp)) {
          continue;
        }
        Optional<String> common = commonPrefix(key, prefix, delimiter);
        if (entries.size() == query.maxKeys()) {
          return true;
        }
        if (common.isPresent()) {
          rolledUp = common.get();
          entries.add(new Entry(rolledUp, Optional.empty()));
        } else {
          entries.add(new Entry(key, Optional.of(info)));
        }
      }
      if (!page.truncated() || page.objects().isEmpty()) {
        return false;
      }
      String last = page.objects().getLast().ref().key();
      after = Optional.of(rolledUp != null && last.startsWith(rolledUp) ? rolledUp + PAST : last);
    }
  }

  private static Optional<String> commonPrefix(String key, String prefix, String delimiter) {
    if (delimiter.isEmpty() || !key.startsWith(prefix)) {
      return Optional.empty();
    }
    int at = key.indexOf(delimiter, prefix.length());
    return at < 0 ? Optional.empty() : Optional.of(key.substring(0, at + delimiter.length()));
  }

  private static boolean isCommonPrefix(String entry, String prefix, String delimiter) {
    return commonPrefix(entry, prefix, delimiter).filter(entry::equals).isPresent();
  }
}
