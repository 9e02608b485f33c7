package dev.strata.server.s3;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.auth.Principal;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.core.testing.InMemoryObjectStore;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.RequestExecutor;
import dev.strata.server.openai.OpenAiErrors;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A Vert.x server with the S3 endpoint mounted over an in-memory object store, one issued access
 * key, and a route of Strata's own next to it; clients are the official AWS SDK {@link S3Client}.
 */
final class S3TestServer implements AutoCloseable {
  static final String ACCESS_KEY = "AKSTS3TEST0000000001";
  static final String SECRET = "s3-test-secret-access-key-0000000000000";
  static final String RESERVED_BUCKET = "strata-files";

  final Vertx vertx = Vertx.vertx();
  final InMemoryObjectStore store;
  private final RequestExecutor executor = new RequestExecutor(64);
  private final HttpServer listener;

  S3TestServer(long maxObjectBytes) {
    store = new InMemoryObjectStore(Clock.systemUTC(), maxObjectBytes);
    Clock clock = Clock.systemUTC();
    SigV4Verifier verifier = new SigV4Verifier(new Credentials(), clock);
    BlockingEndpoints endpoints =
        new BlockingEndpoints(executor, new OpenAiErrors(), clock, 1024 * 1024);
    Router router = Router.router(vertx);
    router.get("/health").handler(context -> context.response().end("ok"));
    new S3Endpoint(store, verifier, endpoints, Duration.ofSeconds(30), Set.of(RESERVED_BUCKET))
        .mount(router);
    listener =
        vertx
            .createHttpServer(new HttpServerOptions().setHandle100ContinueAutomatically(false))
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await();
  }

  ObjectStore store() {
    return store;
  }

  int port() {
    return listener.actualPort();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port() + S3Endpoint.PREFIX);
  }

  S3Client client() {
    return client(SECRET, builder -> builder);
  }

  S3Client client(String secret, UnaryOperator<S3ClientBuilder> customize) {
    return customize
        .apply(
            S3Client.builder()
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, secret))))
        .build();
  }

  @Override
  public void close() {
    listener.close().await();
    executor.close();
    vertx.close().await();
  }

  /** The one access key this server knows. */
  private static final class Credentials implements AwsCredentialStore {
    private final AwsCredential credential =
        new AwsCredential(
            ACCESS_KEY,
            SECRET,
            new ApiKey(
                "key_s3",
                "s3 test",
                "hash-key_s3",
                "sk-strata-xxxx",
                new Principal("key_s3", "acme", "batch", "loader", Map.of()),
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
