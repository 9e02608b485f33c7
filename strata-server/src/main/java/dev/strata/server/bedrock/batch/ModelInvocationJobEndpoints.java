package dev.strata.server.bedrock.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchQueue;
import dev.strata.core.batch.BatchStatus;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.BucketOwners;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.server.Frontend;
import dev.strata.server.bedrock.BedrockCallerResolver;
import dev.strata.server.bedrock.BedrockErrors;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The Bedrock control plane's batch inference jobs: {@code POST /model-invocation-job} (create),
 * {@code GET /model-invocation-job/{jobIdentifier}}, {@code GET /model-invocation-jobs} and {@code
 * POST /model-invocation-job/{jobIdentifier}/stop}. Callers authenticate as on the runtime API;
 * each sees only its tenant's jobs. A created job is queued for the batch worker, which reads its
 * input with {@link BedrockBatchFormat}.
 */
public final class ModelInvocationJobEndpoints implements Frontend {
  static final String JOB_PATH = "/model-invocation-job";
  static final String STOP_SUFFIX = "/stop";
  private static final String INPUT_URI_MEMBER = "inputDataConfig.s3InputDataConfig.s3Uri";
  private static final String OUTPUT_URI_MEMBER = "outputDataConfig.s3OutputDataConfig.s3Uri";
  private static final CharSequence AWS_REQUEST_ID =
      HttpHeaders.createOptimized("x-amzn-RequestId");

  private final BatchQueue queue;
  private final ObjectStore store;
  private final JobModels models;
  private final JobCallers callers;
  private final JobListing listing;
  private final Clock clock;
  private final Set<String> reservedBuckets;
  private final BucketOwners bucketOwners;

  /**
   * @param callers verifies SigV4-signed calls ({@link BedrockCallerResolver#bearerOnly()} to
   *     accept Bedrock bearer keys only)
   * @param authenticator authenticates the bearer key of a call that is not signed
   * @param reservedBuckets buckets a job may neither read nor write, e.g. where OpenAI file uploads
   *     of every tenant are kept
   */
  public ModelInvocationJobEndpoints(
      BatchQueue queue,
      ObjectStore store,
      ModelCatalog catalog,
      BedrockCallerResolver callers,
      Authenticator authenticator,
      Clock clock,
      Set<String> reservedBuckets) {
    this(queue, store, catalog, callers, authenticator, clock, reservedBuckets, BucketOwners.SHARED);
  }

  /**
   * Endpoints whose jobs may only use buckets of the caller's tenant: a bucket belongs to the first
   * tenant that uses it.
   */
  public ModelInvocationJobEndpoints(
      BatchQueue queue,
      ObjectStore store,
      ModelCatalog catalog,
      BedrockCallerResolver callers,
      Authenticator authenticator,
      Clock clock,
      Set<String> reservedBuckets,
      BucketOwners bucketOwners) {
    this.bucketOwners = requireNonNull(bucketOwners, "bucketOwners");
    this.queue = requireNonNull(queue, "queue");
    this.store = requireNonNull(store, "store");
    this.models = new JobModels(requireNonNull(catalog, "catalog"));
    this.callers = new JobCallers(callers, authenticator);
    this.listing = new JobListing(queue);
    this.clock = requireNonNull(clock, "clock");
    this.reservedBuckets = Set.copyOf(requireNonNull(reservedBuckets, "reservedBuckets"));
  }

  /** Adds the job routes to {@code router}; failures are rendered as Bedrock's. */
  @Override
  public void mount(Router router, BlockingEndpoints endpoints) {
    BlockingEndpoints bedrock =
        requireNonNull(endpoints, "endpoints")
            .renderingErrorsWith(new BedrockErrors())
            .answeringFor(JOB_PATH);
    router.post(JOB_PATH).handler(bedrock.withJsonBody(withAwsRequestId(this::create)));
    router.get(JOB_PATH + "s").handler(bedrock.withoutBody(withAwsRequestId(this::list)));
    router
        .postWithRegex(JOB_PATH + "/.+" + STOP_SUFFIX)
        .handler(bedrock.withJsonBody(withAwsRequestId(this::stop)));
    router.getWithRegex(JOB_PATH + "/.+").handler(bedrock.withoutBody(withAwsRequestId(this::get)));
  }

  private void create(Call call) {
    JobCallers.Caller caller = callers.of(call);
    JobRequest request = JobRequest.decode(Json.parse(call.body()));
    checkBucket(caller, INPUT_URI_MEMBER, request.input().bucket());
    checkBucket(caller, OUTPUT_URI_MEMBER, request.output().bucket());
    String model = models.batchModel(request.modelId());
    if (store.head(request.input()).isEmpty()) {
      throw StrataException.invalid(
          INPUT_URI_MEMBER,
          INPUT_URI_MEMBER + ": the input file " + request.inputUri() + " does not exist.");
    }
    Instant now = clock.instant();
    String id = JobArns.newJobId();
    BatchJob stored =
        queue.submit(
            BatchJob.submitted(
                id,
                BatchApi.BEDROCK,
                request.jobName(),
                caller.principal(),
                model,
                BedrockBatchFormat.ENDPOINT,
                request.input(),
                request.output(),
                now,
                now.plus(Duration.ofHours(request.timeoutHours())),
                request.tags(),
                JobDetails.of(request, JobArns.arn(caller.region(), caller.tenant(), id)),
                request.clientRequestToken()));
    send(
        call,
        Json.write(
            128,
            json -> {
              json.writeStartObject();
              json.writeStringField("jobArn", JobJson.arn(stored));
              json.writeEndObject();
            }));
  }

  private void get(Call call) {
    JobCallers.Caller caller = callers.of(call);
    String identifier = call.request().path().substring(JOB_PATH.length() + 1);
    BatchJob job = find(caller, identifier);
    send(call, Json.write(1024, json -> JobJson.write(json, job)));
  }

  private void list(Call call) {
    JobCallers.Caller caller = callers.of(call);
    JobListing.Page page = listing.page(caller.tenant(), ListRequest.of(call.request().params()));
    send(
        call,
        Json.write(
            256 + page.jobs().size() * 1024,
            json -> {
              json.writeStartObject();
              json.writeArrayFieldStart("invocationJobSummaries");
              for (BatchJob job : page.jobs()) {
                JobJson.write(json, job);
              }
              json.writeEndArray();
              if (page.nextToken().isPresent()) {
                json.writeStringField("nextToken", page.nextToken().get());
              }
              json.writeEndObject();
            }));
  }

  private void stop(Call call) {
    JobCallers.Caller caller = callers.of(call);
    String path = call.request().path();
    String identifier = path.substring(JOB_PATH.length() + 1, path.length() - STOP_SUFFIX.length());
    BatchJob job = find(caller, identifier);
    if (job.status().isTerminal() && job.status() != BatchStatus.CANCELLED) {
      throw StrataException.invalid(
          "jobIdentifier",
          "The job "
              + JobJson.arn(job)
              + " is "
              + job.status().bedrock()
              + " and can no longer be stopped.");
    }
    queue.requestCancel(job.id()).orElseThrow(() -> notFound(identifier));
    send(call, Buffer.buffer("{}"));
  }

  /** A job may use neither a reserved bucket nor one another tenant owns. */
  private void checkBucket(JobCallers.Caller caller, String member, String bucket) {
    if (reservedBuckets.contains(bucket)) {
      throw StrataException.invalid(
          member, member + ": the bucket '" + bucket + "' is reserved; use a bucket of your own.");
    }
    bucketOwners.claim(caller.principal(), bucket);
  }

  /** The caller's tenant's Bedrock job the identifier names; another tenant's job is not found. */
  private BatchJob find(JobCallers.Caller caller, String identifier) {
    String id = JobArns.jobId(identifier);
    return queue
        .job(id)
        .filter(job -> job.api() == BatchApi.BEDROCK)
        .filter(job -> job.owner().tenant().equals(caller.tenant()))
        .orElseThrow(() -> notFound(identifier));
  }

  private static StrataException notFound(String identifier) {
    String shown = identifier.length() > 200 ? identifier.substring(0, 200) + "…" : identifier;
    return StrataException.builder(
            ErrorKind.NOT_FOUND, "The model invocation job " + shown + " could not be found.")
        .param("jobIdentifier")
        .build();
  }

  private static BlockingHandler withAwsRequestId(BlockingHandler handler) {
    return call -> {
      call.response().putHeader(AWS_REQUEST_ID, call.requestId());
      handler.handle(call);
    };
  }

  private static void send(Call call, Buffer body) {
    call.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .end(body);
  }

  @Override
  public String toString() {
    return "ModelInvocationJobEndpoints[" + queue + ", " + store + "]";
  }
}
