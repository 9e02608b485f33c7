package dev.strata.server.bedrock.batch;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.auth.IssuedKey;
import dev.strata.core.auth.KeyAuthenticator;
import dev.strata.core.auth.NewKey;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.testing.InMemoryBatchQueue;
import dev.strata.core.testing.InMemoryKeyStore;
import dev.strata.core.testing.InMemoryObjectStore;
import dev.strata.core.testing.ManualClock;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.bedrock.BedrockCallerResolver;
import dev.strata.server.bedrock.BedrockErrors;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.RequestExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;

/**
 * The job endpoints on a real Vert.x server on a free port, with in-memory keys, object store and
 * batch queue, and two tenants whose AWS access keys sign requests the way the runtime API verifies
 * them. The endpoints' clock is manual, so tests order jobs by moving it.
 */
final class JobsServer implements AutoCloseable {
  static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
  static final String EMBEDDING_MODEL = "amazon.titan-embed-text-v2:0";
  static final String ALIAS = "fast";
  static final String INPUT = "s3://batch-in/jobs/input.jsonl";
  static final String OUTPUT = "s3://batch-out/results/";
  static final String RESERVED_BUCKET = "strata-files";
  static final String ROLE = "arn:aws:iam::123456789012:role/BatchRole";

  final Vertx vertx = Vertx.vertx();
  final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final InMemoryKeyStore keys = new InMemoryKeyStore(Clock.systemUTC());
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final InMemoryBatchQueue queue = new InMemoryBatchQueue();
  final IssuedKey acme = keys.create(new NewKey("acme-batch", "acme", "data", "etl", Map.of()));
  final IssuedKey globex = keys.create(new NewKey("globex-batch", "globex", "", "", Map.of()));
  final AwsCredential acmeAws =
      new AwsCredential("AKIASTRATAACME000001", "acme-secret-key", acme.key());
  final AwsCredential globexAws =
      new AwsCredential("AKIASTRATAGLOBEX0001", "globex-secret-key", globex.key());
  final ModelCatalog catalog;
  private final RequestExecutor executor = new RequestExecutor(32);
  private final HttpServer listener;

  JobsServer() {
    catalog =
        new ModelCatalog(
            List.of(
                new ModelEntry(
                    MODEL,
                    "fake",
                    MODEL,
                    new PriceSource.Listed(MODEL),
                    OptionalInt.empty(),
                    false),
                new ModelEntry(
                    EMBEDDING_MODEL,
                    "fake",
                    EMBEDDING_MODEL,
                    new PriceSource.Listed(EMBEDDING_MODEL),
                    OptionalInt.empty(),
                    true)),
            Map.of(ALIAS, List.of(MODEL)));
    Map<String, AwsCredential> credentials = new ConcurrentHashMap<>();
    credentials.put(acmeAws.accessKeyId(), acmeAws);
    credentials.put(globexAws.accessKeyId(), globexAws);
    AwsCredentialStore awsKeys =
        new AwsCredentialStore() {
          @Override
          public AwsCredential issue(String keyId) {
            throw new UnsupportedOperationException("tests add credentials directly");
          }

          @Override
          public Optional<AwsCredential> findByAccessKeyId(String accessKeyId) {
            return Optional.ofNullable(credentials.get(accessKeyId));
          }
        };
    BlockingEndpoints endpoints =
        new BlockingEndpoints(executor, new BedrockErrors(), clock, 1024 * 1024);
    Router router = Router.router(vertx);
    new ModelInvocationJobEndpoints(
            queue,
            store,
            catalog,
            BedrockCallerResolver.sigV4(new SigV4Verifier(awsKeys, Clock.systemUTC())),
            new KeyAuthenticator(keys, Clock.systemUTC(), Duration.ofMinutes(5)),
            clock,
            Set.of(RESERVED_BUCKET))
        .mount(router, endpoints);
    listener = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    putObject(INPUT, "{\"recordId\":\"r1\",\"modelInput\":{}}\n");
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + listener.actualPort());
  }

  void putObject(String uri, String content) {
    store.put(ObjectRef.parse(uri), content.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  String text(String uri) {
    try (java.io.InputStream in =
        store
            .open(ObjectRef.parse(uri))
            .orElseThrow(() -> new AssertionError("no object " + uri))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  BedrockClient client(AwsCredential credential) {
    return client(credential.accessKeyId(), credential.secretAccessKey(), Region.US_EAST_1);
  }

  BedrockClient client(String accessKeyId, String secret, Region region) {
    return BedrockClient.builder()
        .endpointOverride(uri())
        .region(region)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .build();
  }

  ApiKey acmeKey() {
    return acme.key();
  }

  @Override
  public void close() {
    listener.close().await();
    executor.close();
    vertx.close().await();
  }
}
