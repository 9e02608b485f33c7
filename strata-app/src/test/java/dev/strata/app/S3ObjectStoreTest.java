package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectListing;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.RequestExecutor;
import dev.strata.server.openai.OpenAiErrors;
import dev.strata.server.s3.S3Endpoint;
import dev.strata.store.FolderObjectStore;
import dev.strata.store.S3ObjectStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link S3ObjectStore} against Strata's own S3 endpoint, served by Vert.x over a {@link
 * FolderObjectStore}: every port operation goes through the AWS SDK, SigV4 and the wire, and lands
 * in (or comes from) the folder store behind it.
 */
@Timeout(120)
class S3ObjectStoreTest {
  private static final String ACCESS_KEY = "AKSTSTORETEST0000001";
  private static final String SECRET = "s3-object-store-test-secret-0000000000";
  private static final long SERVER_MAX_BYTES = 6L << 20;

  @TempDir Path dir;
  private Vertx vertx;
  private RequestExecutor executor;
  private HttpServer listener;
  private FolderObjectStore folder;
  private S3ObjectStore store;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    executor = new RequestExecutor(64);
    folder = new FolderObjectStore(dir.resolve("objects"), SERVER_MAX_BYTES, Clock.systemUTC());
    Router router = Router.router(vertx);
    new S3Endpoint(
            folder,
            new SigV4Verifier(new OneCredential(), Clock.systemUTC()),
            new BlockingEndpoints(executor, new OpenAiErrors(), Clock.systemUTC(), 1024 * 1024),
            Duration.ofSeconds(30),
            Set.of())
        .mount(router);
    listener = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    store = connect(SECRET, SERVER_MAX_BYTES);
  }

  @AfterEach
  void stop() {
    store.close();
    listener.close().await();
    executor.close();
    vertx.close().await();
  }

  private S3ObjectStore connect(String secret, long maxObjectBytes) {
    return S3ObjectStore.connect(
        new S3ObjectStore.Settings(
            URI.create("http://127.0.0.1:" + listener.actualPort() + S3Endpoint.PREFIX),
            "us-east-1",
            true,
            ACCESS_KEY,
            secret,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            maxObjectBytes,
            dir.resolve("spool")));
  }

  @Test
  void putHeadOpenDelete_roundTripThroughTheEndpointIntoTheFolderStore() throws Exception {
    ObjectRef ref = ObjectRef.parse("s3://batch-in/jobs/42/input.jsonl");
    byte[] content =
        "{\"recordId\":\"1\"}\n{\"recordId\":\"2\"}\n".getBytes(StandardCharsets.UTF_8);

    ObjectInfo put = store.put(ref, content, Map.of("purpose", "batch"));

    ObjectInfo behind = folder.head(ref).orElseThrow();
    assertThat(put.size()).isEqualTo(content.length);
    assertThat(put.etag()).isEqualTo(behind.etag());
    assertThat(put.metadata()).containsExactly(Map.entry("purpose", "batch"));
    assertThat(store.head(ref)).contains(put);
    try (InputStream in = store.open(ref).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    try (InputStream in = folder.open(ref).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }

    assertThat(store.delete(ref)).isTrue();
    assertThat(folder.head(ref)).isEmpty();
    assertThat(store.delete(ref)).isFalse();
    assertThat(store.head(ref)).isEmpty();
    assertThat(store.open(ref)).isEmpty();
  }

  @Test
  void put_ofAnObjectLargerThanMemorySpooling_arrivesIntact_andLeavesNoSpoolFile()
      throws Exception {
    ObjectRef ref = ObjectRef.parse("s3://batch-in/large.jsonl");
    byte[] content = new byte[3 * S3ObjectStore.IN_MEMORY_BYTES + 123];
    new Random(7).nextBytes(content);

    ObjectInfo put = store.put(ref, content, Map.of());

    assertThat(put.size()).isEqualTo(content.length);
    try (InputStream in = store.open(ref).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    try (Stream<Path> spooled = Files.list(dir.resolve("spool"))) {
      assertThat(spooled).isEmpty();
    }
  }

  @Test
  void put_overTheStoresOwnLimit_isRefusedBeforeAnythingIsSent() {
    ObjectRef ref = ObjectRef.parse("s3://batch-in/too-big");
    try (S3ObjectStore small = connect(SECRET, 1000)) {
      assertThatThrownBy(() -> small.put(ref, new byte[1001], Map.of()))
          .isInstanceOfSatisfying(
              StrataException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }
    assertThat(folder.head(ref)).isEmpty();
  }

  @Test
  void put_overTheServersLimit_isTheCallersMistake_notAnIoFailure() {
    ObjectRef ref = ObjectRef.parse("s3://batch-in/server-too-big");
    try (S3ObjectStore generous = connect(SECRET, SERVER_MAX_BYTES * 2)) {
      assertThatThrownBy(() -> generous.put(ref, new byte[(int) SERVER_MAX_BYTES + 1], Map.of()))
          .isInstanceOfSatisfying(
              StrataException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                assertThat(e.getMessage()).contains("maximum allowed object size");
              });
    }
    assertThat(folder.head(ref)).isEmpty();
  }

  @Test
  void list_pagesInKeyOrder_withinThePrefix_andAfterStartAfter() {
    List<String> keys =
        List.of("out/a.jsonl", "out/b.jsonl", "out/c.jsonl", "out/d.jsonl", "out/e.jsonl");
    for (String key : keys) {
      store.put(new ObjectRef("batch-out", key), key.getBytes(StandardCharsets.UTF_8), Map.of());
    }
    store.put(new ObjectRef("batch-out", "other.txt"), new byte[] {1}, Map.of());

    List<String> listed = new ArrayList<>();
    Optional<String> after = Optional.empty();
    int pages = 0;
    do {
      ObjectListing page = store.list("batch-out", "out/", after, 2);
      page.objects().forEach(info -> listed.add(info.ref().key()));
      after = page.continueAfter();
      pages++;
    } while (after.isPresent());
    ObjectListing fromC = store.list("batch-out", "out/", Optional.of("out/c.jsonl"), 10);

    assertThat(listed).containsExactlyElementsOf(keys);
    assertThat(pages).isEqualTo(3);
    assertThat(fromC.objects())
        .extracting(info -> info.ref().key())
        .containsExactly("out/d.jsonl", "out/e.jsonl");
    assertThat(fromC.truncated()).isFalse();
    ObjectInfo first = store.list("batch-out", "out/", Optional.empty(), 1).objects().get(0);
    assertThat(first.size()).isEqualTo("out/a.jsonl".length());
    assertThat(first.etag()).isEqualTo(folder.head(first.ref()).orElseThrow().etag());
    assertThat(store.list("empty-bucket", "", Optional.empty(), 10).objects()).isEmpty();
  }

  @Test
  void anObjectPutIntoTheFolderStore_isReadableThroughS3() throws Exception {
    ObjectRef ref = ObjectRef.parse("s3://batch-out/job-1/input.jsonl.out");
    folder.put(ref, "{\"modelOutput\":{}}\n".getBytes(StandardCharsets.UTF_8), Map.of());

    try (InputStream in = store.open(ref).orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"modelOutput\":{}}\n");
    }
    assertThat(store.head(ref).orElseThrow().etag())
        .isEqualTo(folder.head(ref).orElseThrow().etag());
  }

  @Test
  void aStoreWithTheWrongSecret_failsWithAnIoErrorNamingTheRefusal() {
    try (S3ObjectStore wrong = connect("not-the-secret", SERVER_MAX_BYTES)) {
      assertThatThrownBy(
              () -> wrong.put(ObjectRef.parse("s3://batch-in/x"), new byte[] {1}, Map.of()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("403")
          .hasMessageContaining("SignatureDoesNotMatch");
    }
    assertThat(folder.head(ObjectRef.parse("s3://batch-in/x"))).isEmpty();
  }

  /** The one access key the endpoint knows. */
  private static final class OneCredential implements AwsCredentialStore {
    private final AwsCredential credential =
        new AwsCredential(
            ACCESS_KEY,
            SECRET,
            new ApiKey(
                "key_store",
                "store",
                "hash",
                "sk-strata-xxxx",
                new Principal("key_store", "acme", "batch", "worker", Map.of()),
                Instant.parse("2025-01-01T00:00:00Z"),
                Optional.empty()));

    @Override
    public AwsCredential issue(String keyId) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public Optional<AwsCredential> findByAccessKeyId(String accessKeyId) {
      return ACCESS_KEY.equals(accessKeyId) ? Optional.of(credential) : Optional.empty();
    }
  }
}
