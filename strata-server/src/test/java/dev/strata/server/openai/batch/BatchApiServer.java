package dev.strata.server.openai.batch;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.NewKey;
import dev.strata.core.testing.InMemoryBatchQueue;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.InMemoryLedger;
import dev.strata.core.testing.InMemoryObjectStore;
import dev.strata.core.testing.ManualClock;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.RequestExecutor;
import dev.strata.server.openai.OpenAiErrors;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Files and Batches endpoints on a real Vert.x server on a free local port, over an in-memory
 * object store and batch queue, with keys of two tenants.
 */
final class BatchApiServer implements AutoCloseable {
  static final long MAX_FILE_BYTES = 256 * 1024;
  static final long MAX_JSON_BYTES = 64 * 1024;

  final Vertx vertx = Vertx.vertx();
  final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  final InMemoryObjectStore store = new InMemoryObjectStore(clock, MAX_FILE_BYTES);
  final InMemoryLedger ledger = new InMemoryLedger();
  final InMemoryBatchQueue queue = new InMemoryBatchQueue(ledger, clock);
  final InMemoryKeyStore keys = new InMemoryKeyStore(clock);
  final KeyAuthenticator authenticator = new KeyAuthenticator(keys, clock, Duration.ofMinutes(5));
  final OpenAiBatchFormat format = new OpenAiBatchFormat(clock);
  final String acmeKey = key("acme-1", "acme");
  final String acmeOtherKey = key("acme-2", "acme");
  final String otherTenantKey = key("other", "globex");
  private final RequestExecutor executor = new RequestExecutor(64);
  private final Path uploads;
  private final HttpServer server;

  /** A server on a manual clock, which only tests move. */
  BatchApiServer() {
    try {
      uploads = Files.createTempDirectory("strata-uploads");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BlockingEndpoints endpoints =
        new BlockingEndpoints(executor, new OpenAiErrors(), clock, MAX_JSON_BYTES);
    Router router = Router.router(vertx);
    new FilesEndpoints(
            authenticator, store, endpoints, clock, uploads, Duration.ofSeconds(10),
            Duration.ofMillis(300))
        .mount(router);
    new BatchesEndpoints(authenticator, store, queue, endpoints, clock).mount(router);
    router.errorHandler(
        404,
        context ->
            endpoints.reject(
                context,
                OpenAiErrors.unknownUrl(context.request().method(), context.request().path())));
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .join();
  }

  /** A new key of {@code tenant}, for a test that needs a tenant of its own. */
  String key(String name, String tenant) {
    return keys.create(new NewKey(name, tenant, null, null, Map.of())).secret();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.actualPort();
  }

  OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(baseUrl() + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    try (HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return request;
  }

  /** Files left in the uploads folder (none once every upload has been answered). */
  long spooledUploads() throws IOException {
    try (Stream<Path> files = Files.list(uploads)) {
      return files.count();
    }
  }

  @Override
  public void close() {
    server.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    executor.close();
    try (Stream<Path> paths = Files.walk(uploads)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
