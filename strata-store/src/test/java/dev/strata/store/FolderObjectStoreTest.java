package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectListing;
import dev.strata.core.objectstore.ObjectRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FolderObjectStoreTest {
  private static final Instant T0 = Instant.parse("2025-06-01T12:00:00.123Z");
  private static final long MAX = 64 * 1024;

  @TempDir Path root;
  private final TestClock clock = new TestClock(T0);

  private FolderObjectStore store() {
    return new FolderObjectStore(root, MAX, clock);
  }

  @Test
  void put_thenHeadOpenAndList_giveBackTheBytesEtagMetadataAndTime() throws IOException {
    FolderObjectStore store = store();
    ObjectRef ref = ObjectRef.parse("s3://strata-files/file-abc");
    byte[] bytes = "{\"custom_id\":\"1\"}\n".getBytes(StandardCharsets.UTF_8);

    ObjectInfo put = store.put(ref, bytes, Map.of("purpose", "batch", "filename", "in.jsonl"));

    ObjectInfo expected =
        new ObjectInfo(
            ref, bytes.length, T0, md5(bytes), Map.of("purpose", "batch", "filename", "in.jsonl"));
    assertThat(put).isEqualTo(expected);
    assertThat(store.head(ref)).contains(expected);
    assertThat(read(store, ref)).isEqualTo(bytes);
    assertThat(store.list("strata-files", "", Optional.empty(), 10).objects())
        .containsExactly(expected);
    assertThat(store.maxObjectBytes()).isEqualTo(MAX);
    assertThat(store.head(ObjectRef.parse("s3://strata-files/missing"))).isEmpty();
    assertThat(store.open(ObjectRef.parse("s3://strata-files/missing"))).isEmpty();
  }

  @Test
  void keysWithSlashes_becomeSubFolders_andSidecarsLiveUnderMeta() {
    FolderObjectStore store = store();
    store.put(ObjectRef.parse("s3://in-bucket/batches/2025/input.jsonl"), bytes("x"), Map.of());
    store.put(ObjectRef.parse("s3://in-bucket/a"), bytes("a"), Map.of());
    store.put(ObjectRef.parse("s3://in-bucket/a.json/b"), bytes("b"), Map.of());

    assertThat(root.resolve("in-bucket/batches/2025/input.jsonl")).hasContent("x");
    assertThat(root.resolve(".meta/in-bucket/batches.d/2025.d/input.jsonl.json")).isRegularFile();
    assertThat(root.resolve(".meta/in-bucket/a.json")).isRegularFile();
    assertThat(root.resolve(".meta/in-bucket/a.json.d/b.json")).isRegularFile();
    assertThat(store.head(ObjectRef.parse("s3://in-bucket/a"))).isPresent();
    assertThat(store.head(ObjectRef.parse("s3://in-bucket/a.json/b"))).isPresent();
  }

  @Test
  void put_replacesTheObjectAndItsMetadata() {
    FolderObjectStore store = store();
    ObjectRef ref = ObjectRef.parse("s3://bucket/key");
    store.put(ref, bytes("first"), Map.of("v", "1"));
    clock.advance(Duration.ofSeconds(5));

    store.put(ref, bytes("second, longer"), Map.of());

    assertThat(store.head(ref))
        .contains(
            new ObjectInfo(ref, 14, T0.plusSeconds(5), md5(bytes("second, longer")), Map.of()));
    assertThat(read(store, ref)).isEqualTo(bytes("second, longer"));
  }

  @Test
  void anOversizePut_isRefused_andLeavesNothingBehind() throws IOException {
    FolderObjectStore store = store();
    ObjectRef existing = ObjectRef.parse("s3://bucket/existing");
    store.put(existing, bytes("keep me"), Map.of("v", "1"));
    byte[] tooBig = new byte[(int) MAX + 1];

    assertThatThrownBy(() -> store.put(existing, tooBig, Map.of()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
        .hasMessageContaining(Long.toString(MAX));
    assertThatThrownBy(() -> store.put(ObjectRef.parse("s3://bucket/new/key"), endless(), Map.of()))
        .isInstanceOf(StrataException.class);

    assertThat(read(store, existing)).isEqualTo(bytes("keep me"));
    assertThat(store.head(existing).orElseThrow().metadata()).containsEntry("v", "1");
    assertThat(store.head(ObjectRef.parse("s3://bucket/new/key"))).isEmpty();
    assertThat(root.resolve("bucket/new")).doesNotExist();
    try (Stream<Path> temporaries = Files.list(root.resolve(".tmp"))) {
      assertThat(temporaries).isEmpty();
    }
    store.put(ObjectRef.parse("s3://bucket/exact"), new byte[(int) MAX], Map.of());
    assertThat(store.head(ObjectRef.parse("s3://bucket/exact")).orElseThrow().size())
        .isEqualTo(MAX);
  }

  @Test
  void list_walksSubFoldersInKeyOrder_withPrefixStartAfterAndPages() {
    FolderObjectStore store = store();
    List<String> keys = List.of("a/c/d", "b", "a0", "dir/y/z", "a-c", "a/b", "dir/x", "a.b");
    for (String key : keys) {
      store.put(new ObjectRef("bucket", key), bytes(key), Map.of());
    }
    store.put(new ObjectRef("bucket-two", "a/b"), bytes("other"), Map.of());
    List<String> sorted = keys.stream().sorted().toList();

    assertThat(keys(store.list("bucket", "", Optional.empty(), 100))).isEqualTo(sorted);
    assertThat(store.list("bucket", "", Optional.empty(), 100).truncated()).isFalse();
    List<String> paged = new ArrayList<>();
    Optional<String> after = Optional.empty();
    int pages = 0;
    do {
      ObjectListing page = store.list("bucket", "", after, 3);
      assertThat(page.objects()).hasSizeLessThanOrEqualTo(3);
      paged.addAll(keys(page));
      after = page.continueAfter();
      pages++;
    } while (after.isPresent());
    assertThat(paged).isEqualTo(sorted);
    assertThat(pages).isEqualTo(3);

    assertThat(keys(store.list("bucket", "a/", Optional.empty(), 100)))
        .containsExactly("a/b", "a/c/d");
    assertThat(keys(store.list("bucket", "dir/y", Optional.empty(), 100)))
        .containsExactly("dir/y/z");
    assertThat(keys(store.list("bucket", "a", Optional.of("a/b"), 100)))
        .containsExactly("a/c/d", "a0");
    assertThat(keys(store.list("bucket", "", Optional.of("a0"), 2))).containsExactly("b", "dir/x");
    assertThat(store.list("bucket", "", Optional.of("dir/y/z"), 2).objects()).isEmpty();
    assertThat(store.list("bucket", "", Optional.empty(), 0).objects()).isEmpty();
    assertThat(store.list("empty-bucket", "", Optional.empty(), 10).objects()).isEmpty();
    ObjectListing exact = store.list("bucket", "dir/", Optional.empty(), 2);
    assertThat(keys(exact)).containsExactly("dir/x", "dir/y/z");
    assertThat(exact.truncated()).as("nothing follows the last key").isFalse();
  }

  @Test
  void delete_removesTheObjectItsSidecarAndFoldersLeftEmpty() {
    FolderObjectStore store = store();
    ObjectRef deep = ObjectRef.parse("s3://bucket/a/b/c");
    ObjectRef neighbour = ObjectRef.parse("s3://bucket/a/x");
    store.put(deep, bytes("c"), Map.of());
    store.put(neighbour, bytes("x"), Map.of());

    assertThat(store.delete(deep)).isTrue();
    assertThat(store.delete(deep)).isFalse();
    assertThat(store.head(deep)).isEmpty();
    assertThat(root.resolve("bucket/a/b")).doesNotExist();
    assertThat(root.resolve(".meta/bucket/a.d/b.d")).doesNotExist();
    assertThat(store.head(neighbour)).isPresent();

    store.put(ObjectRef.parse("s3://bucket/a/b"), bytes("now a file"), Map.of());
    assertThat(read(store, ObjectRef.parse("s3://bucket/a/b"))).isEqualTo(bytes("now a file"));
  }

  @Test
  void keysAFolderCannotHold_areRefusedClearly_andNothingEscapesTheRoot() {
    FolderObjectStore store = store();
    store.put(ObjectRef.parse("s3://bucket/a"), bytes("file"), Map.of());

    assertInvalid(
        () -> store.put(ObjectRef.parse("s3://bucket/a/b"), bytes("x"), Map.of()), "clashes");
    store.put(ObjectRef.parse("s3://bucket/d/e"), bytes("x"), Map.of());
    assertInvalid(
        () -> store.put(ObjectRef.parse("s3://bucket/d"), bytes("x"), Map.of()), "clashes");
    assertInvalid(
        () -> store.put(ObjectRef.parse("s3://bucket/folder/"), bytes("x"), Map.of()), "'/'");
    assertInvalid(
        () -> store.put(new ObjectRef("bucket", "x".repeat(251)), bytes("x"), Map.of()), "bytes");
    assertInvalid(() -> store.head(ObjectRef.parse("s3://bucket/../../etc/passwd")), "'..'");
    assertInvalid(() -> store.list("../etc", "", Optional.empty(), 10), "bucket name");

    assertThat(store.open(ObjectRef.parse("s3://bucket/a/b"))).isEmpty();
    assertThat(store.head(ObjectRef.parse("s3://bucket/a/b"))).isEmpty();
    assertThat(store.head(ObjectRef.parse("s3://bucket/d"))).isEmpty();
    assertThat(read(store, ObjectRef.parse("s3://bucket/a"))).isEqualTo(bytes("file"));
    assertThat(root.getParent().resolve("etc")).doesNotExist();
  }

  @Test
  void filesPutThereByHand_areServedAndDescribedFromTheirBytes() throws IOException {
    FolderObjectStore store = store();
    Files.createDirectories(root.resolve("bucket/in"));
    Files.writeString(root.resolve("bucket/in/hand.jsonl"), "by hand");
    ObjectRef ref = ObjectRef.parse("s3://bucket/in/hand.jsonl");

    ObjectInfo info = store.head(ref).orElseThrow();
    assertThat(info.etag()).isEqualTo(md5(bytes("by hand")));
    assertThat(info.size()).isEqualTo(7);
    assertThat(info.metadata()).isEmpty();
    assertThat(keys(store.list("bucket", "", Optional.empty(), 10)))
        .containsExactly("in/hand.jsonl");

    store.put(ref, bytes("through the store"), Map.of("k", "v"));
    Files.writeString(root.resolve("bucket/in/hand.jsonl"), "changed by hand afterwards");
    assertThat(store.head(ref).orElseThrow().etag())
        .as("a sidecar that no longer describes the file is not believed")
        .isEqualTo(md5(bytes("changed by hand afterwards")));
  }

  @Test
  void temporaryFilesLeftByACrash_areRemovedOnTheNextStart() throws IOException {
    store();
    Path old = Files.writeString(root.resolve(".tmp/crashed.tmp"), "half");
    Files.setLastModifiedTime(old, FileTime.from(T0.minus(Duration.ofHours(2))));
    Path recent = Files.writeString(root.resolve(".tmp/in-flight.tmp"), "half");
    Files.setLastModifiedTime(recent, FileTime.from(T0.minusSeconds(5)));

    store();

    assertThat(old).doesNotExist();
    assertThat(recent).as("another instance may still be writing it").exists();
  }

  @Test
  void concurrentPutsAndReadsOfOneKey_neverShowAPartOrAMixOfObjects() throws Exception {
    FolderObjectStore store = store();
    ObjectRef ref = ObjectRef.parse("s3://bucket/hot/key");
    store.put(ref, version(0), Map.of("version", "0"));
    int writers = 2;
    int readers = 2;
    int putsEach = 60;
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      tasks.add(
          () -> {
            start.await();
            for (int i = 0; i < putsEach; i++) {
              int v = 1 + (writer * putsEach + i) % 250;
              store.put(ref, version(v), Map.of("version", Integer.toString(v)));
            }
            return putsEach;
          });
    }
    for (int r = 0; r < readers; r++) {
      tasks.add(
          () -> {
            start.await();
            int checked = 0;
            while (writing.get() || checked == 0) {
              byte[] seen = read(store, ref);
              assertThat(seen).isEqualTo(version(seen[0] & 0xff));
              ObjectInfo info = store.head(ref).orElseThrow();
              int v = Integer.parseInt(info.metadata().get("version"));
              assertThat(info.etag()).isEqualTo(md5(version(v)));
              assertThat(info.size()).isEqualTo(version(v).length);
              checked++;
            }
            return checked;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (Callable<Integer> task : tasks) {
        results.add(pool.submit(task));
      }
      start.countDown();
      for (int w = 0; w < writers; w++) {
        assertThat(results.get(w).get(50, TimeUnit.SECONDS)).isEqualTo(putsEach);
      }
      writing.set(false);
      for (int r = writers; r < tasks.size(); r++) {
        assertThat(results.get(r).get(50, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    byte[] last = read(store, ref);
    assertThat(store.head(ref).orElseThrow().etag()).isEqualTo(md5(last));
    assertThat(store.head(ref).orElseThrow().metadata())
        .containsEntry("version", Integer.toString(last[0] & 0xff));
  }

  /** Version {@code v} of an object: its own length, every byte {@code v}. */
  private static byte[] version(int v) {
    byte[] bytes = new byte[1_000 + v * 200];
    Arrays.fill(bytes, (byte) v);
    return bytes;
  }

  private static void assertInvalid(Runnable call, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
        .hasMessageContaining(messagePart);
  }

  private static List<String> keys(ObjectListing listing) {
    return listing.objects().stream().map(info -> info.ref().key()).toList();
  }

  private static byte[] read(FolderObjectStore store, ObjectRef ref) {
    try (InputStream in = store.open(ref).orElseThrow()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A stream that never ends, as a client that sends more than it may. */
  private static InputStream endless() {
    return new InputStream() {
      @Override
      public int read() {
        return 'x';
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        Arrays.fill(buffer, offset, offset + length, (byte) 'x');
        return length;
      }
    };
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
