package dev.strata.app;

import dev.strata.app.config.StrataConfig;
import dev.strata.core.auth.Authenticator;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchFormat;
import dev.strata.core.batch.BatchQueue;
import dev.strata.core.batch.BatchWorker;
import dev.strata.core.batch.BatchWorkerOptions;
import dev.strata.core.batch.PathRecordRunner;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.ledger.Ledger;
import dev.strata.core.objectstore.BucketOwners;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.core.path.CostMeter;
import dev.strata.core.path.Step;
import dev.strata.core.provider.ProviderRegistry;
import dev.strata.server.Frontend;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.bedrock.BedrockCallerResolver;
import dev.strata.server.bedrock.batch.BedrockBatchFormat;
import dev.strata.server.bedrock.batch.ModelInvocationJobEndpoints;
import dev.strata.server.openai.batch.BatchesEndpoints;
import dev.strata.server.openai.batch.FilesEndpoints;
import dev.strata.server.openai.batch.OpenAiBatchFormat;
import dev.strata.server.s3.S3Endpoint;
import dev.strata.store.Database;
import dev.strata.store.FolderObjectStore;
import dev.strata.store.S3ObjectStore;
import dev.strata.store.SqlBatchQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The batch tier: the object store batch files live in, the durable job queue in the database,
 * this instance's worker (unless batch work is switched off here), and the HTTP APIs that reach
 * them — OpenAI Files and Batches, Bedrock model-invocation jobs, and the S3 endpoint.
 */
final class BatchTier implements AutoCloseable {
  private static final String OPENAI_FILES_BUCKET = "strata-files";
  private static final Duration S3_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration S3_SOCKET_TIMEOUT = Duration.ofSeconds(60);

  private final ObjectStore objects;
  private final BatchQueue queue;
  private final Map<BatchApi, BatchFormat> formats;
  private final Optional<BatchWorker> worker;

  private BatchTier(
      ObjectStore objects,
      BatchQueue queue,
      Map<BatchApi, BatchFormat> formats,
      Optional<BatchWorker> worker) {
    this.objects = objects;
    this.queue = queue;
    this.formats = formats;
    this.worker = worker;
  }

  /**
   * Opens the store and the queue and, when batch work is on, starts this instance's worker; its
   * records run through a request path built by {@code batchPath} around the ledger it is given.
   */
  static BatchTier start(
      StrataConfig config,
      Database database,
      ModelCatalog catalog,
      ProviderRegistry providers,
      CostMeter costMeter,
      Function<Ledger, List<Step>> batchPath,
      Clock clock) {
    ObjectStore objects = objectStore(config.objects(), clock);
    createFolder(uploadsFolder(config));
    BatchQueue queue = new SqlBatchQueue(database, clock);
    Map<BatchApi, BatchFormat> formats =
        Map.of(BatchApi.OPENAI, new OpenAiBatchFormat(clock), BatchApi.BEDROCK, new BedrockBatchFormat());
    StrataConfig.BatchSettings settings = config.batch();
    Optional<BatchWorker> worker =
        settings.enabled()
            ? Optional.of(
                BatchWorker.start(
                    queue,
                    objects,
                    formats,
                    catalog,
                    providers,
                    costMeter,
                    new PathRecordRunner(batchPath, clock),
                    options(settings),
                    clock))
            : Optional.empty();
    return new BatchTier(objects, queue, formats, worker);
  }

  /** The HTTP APIs of the batch tier, to mount next to the model frontends. */
  List<Frontend> frontends(
      StrataConfig config,
      Authenticator authenticator,
      ModelCatalog catalog,
      SigV4Verifier sigV4,
      BucketOwners bucketOwners,
      Clock clock) {
    Duration drain =
        config.server().idleTimeout().isZero() ? Duration.ofMinutes(1) : config.server().idleTimeout();
    Path uploads = uploadsFolder(config);
    return List.of(
        (router, endpoints) ->
            new FilesEndpoints(authenticator, objects, endpoints, clock, uploads, drain).mount(router),
        (router, endpoints) ->
            new BatchesEndpoints(authenticator, objects, queue, endpoints, clock).mount(router),
        new ModelInvocationJobEndpoints(
            queue,
            objects,
            catalog,
            BedrockCallerResolver.sigV4(sigV4),
            authenticator,
            clock,
            Set.of(OPENAI_FILES_BUCKET),
            bucketOwners),
        (router, endpoints) ->
            new S3Endpoint(objects, sigV4, endpoints, drain, Set.of(OPENAI_FILES_BUCKET), bucketOwners)
                .mount(router));
  }

  BatchQueue queue() {
    return queue;
  }

  ObjectStore objects() {
    return objects;
  }

  Map<BatchApi, BatchFormat> formats() {
    return formats;
  }

  /** An S3-compatible store when one is configured, else a folder per bucket. */
  private static ObjectStore objectStore(StrataConfig.ObjectSettings settings, Clock clock) {
    createFolder(settings.folder());
    if (settings.s3().isPresent()) {
      StrataConfig.S3Settings s3 = settings.s3().get();
      Path spool = settings.folder().resolve(".spool");
      createFolder(spool);
      return S3ObjectStore.connect(
          new S3ObjectStore.Settings(
              s3.endpoint(),
              s3.region(),
              s3.pathStyle(),
              s3.accessKeyId(),
              s3.secretAccessKey(),
              S3_CONNECT_TIMEOUT,
              S3_SOCKET_TIMEOUT,
              settings.maxObjectBytes(),
              spool));
    }
    return new FolderObjectStore(settings.folder(), settings.maxObjectBytes(), clock);
  }

  /** Where OpenAI file uploads are spooled while they arrive. */
  private static Path uploadsFolder(StrataConfig config) {
    return config.home().resolve("uploads");
  }

  private static BatchWorkerOptions options(StrataConfig.BatchSettings settings) {
    return new BatchWorkerOptions(
        settings.workerId().orElseGet(BatchTier::defaultWorkerId),
        settings.concurrency(),
        settings.leaseDuration(),
        settings.idlePoll(),
        settings.nativePoll(),
        settings.maxRecordsPerJob(),
        settings.maxAttempts(),
        settings.firstRetryDelay());
  }

  /** Host name, process id and a random suffix: unique per running instance, readable in leases. */
  private static String defaultWorkerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void createFolder(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder " + folder, e);
    }
  }

  /** Stops the worker: records in flight finish, every lease is given back. */
  @Override
  public void close() {
    worker.ifPresent(BatchWorker::close);
    if (objects instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(BatchTier.class.getName())
            .log(System.Logger.Level.WARNING, "closing the object store failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "BatchTier[" + objects + ", worker " + worker.map(Object::toString).orElse("off") + "]";
  }

}
