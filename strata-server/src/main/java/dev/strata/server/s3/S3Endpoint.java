package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.BucketOwners;
import dev.strata.core.objectstore.ObjectStore;
import dev.strata.server.aws.S3Signature;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.Call;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A minimal S3-compatible API over an {@link ObjectStore}, path style under {@value #PREFIX} (an
 * AWS SDK client uses {@code endpointOverride(http://host:port/s3)} with {@code
 * forcePathStyle(true)}): PutObject (plain or {@code aws-chunked} bodies, signatures, digests and
 * checksums verified as they stream, never buffered whole), GetObject with a single range,
 * HeadObject, DeleteObject, ListObjectsV2, and CreateBucket/HeadBucket, buckets being implicit.
 * Every request is SigV4-signed (service {@code s3}) with an access key Strata issued; failures are
 * S3's XML errors.
 */
public final class S3Endpoint {
  /** The path every S3 request starts with, so buckets never meet Strata's own routes. */
  public static final String PREFIX = "/s3";

  private final BlockingEndpoints endpoints;
  private final S3Errors errors = new S3Errors();
  private final S3Callers callers;
  private final Duration drainTimeout;
  private final Set<String> reservedBuckets;
  private final BucketOwners bucketOwners;
  private final Map<S3Operation, S3Handler> handlers = new EnumMap<>(S3Operation.class);

  /**
   * @param store where the objects live; its {@link ObjectStore#maxObjectBytes()} bounds uploads
   * @param verifier verifies signatures against the access keys Strata issued
   * @param endpoints runs the handlers on virtual threads; its error renderer is replaced by S3's
   * @param drainTimeout how long a download waits for a client that stopped reading, and an upload
   *     for the next bytes of its body
   * @param reservedBuckets buckets no S3 caller may touch, e.g. where OpenAI file uploads of every
   *     tenant are kept
   */
  public S3Endpoint(
      ObjectStore store,
      SigV4Verifier verifier,
      BlockingEndpoints endpoints,
      Duration drainTimeout,
      Set<String> reservedBuckets) {
    this(store, verifier, endpoints, drainTimeout, reservedBuckets, BucketOwners.SHARED);
  }

  /**
   * An endpoint on which a caller may only use buckets of its own tenant: a bucket belongs to the
   * first tenant that uses it; others get AccessDenied.
   */
  public S3Endpoint(
      ObjectStore store,
      SigV4Verifier verifier,
      BlockingEndpoints endpoints,
      Duration drainTimeout,
      Set<String> reservedBuckets,
      BucketOwners bucketOwners) {
    requireNonNull(store, "store");
    this.bucketOwners = requireNonNull(bucketOwners, "bucketOwners");
    this.callers = new S3Callers(requireNonNull(verifier, "verifier"));
    this.endpoints =
        requireNonNull(endpoints, "endpoints").renderingErrorsWith(errors).answeringFor(PREFIX);
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout");
    this.reservedBuckets = Set.copyOf(requireNonNull(reservedBuckets, "reservedBuckets"));
    handlers.put(S3Operation.PUT_OBJECT, new PutObject(store));
    handlers.put(S3Operation.GET_OBJECT, new GetObject(store, drainTimeout, false));
    handlers.put(S3Operation.HEAD_OBJECT, new GetObject(store, drainTimeout, true));
    handlers.put(S3Operation.DELETE_OBJECT, new DeleteObject(store));
    handlers.put(S3Operation.LIST_OBJECTS_V2, new ListObjectsV2(store));
    handlers.put(S3Operation.CREATE_BUCKET, BucketRequests.create());
    handlers.put(S3Operation.HEAD_BUCKET, BucketRequests.head());
  }

  private void claim(S3Signature signature, String bucket) {
    try {
      bucketOwners.claim(signature.principal(), bucket);
    } catch (StrataException refused) {
      throw S3Error.ACCESS_DENIED.failure(refused.getMessage());
    }
  }

  /**
   * Adds the S3 routes — everything under {@value #PREFIX} — to {@code router}. Requests run on the
   * endpoints' executor; failures, even those the endpoints render, come out as S3 XML.
   */
  public void mount(Router router) {
    router.route(PREFIX).handler(this::accept);
    router.route(PREFIX + "/*").handler(this::accept);
  }

  /**
   * On the event loop: take over the body before any of it is lost, then serve on a virtual thread.
   */
  private void accept(RoutingContext context) {
    RequestBody body = RequestBody.attach(context.request(), context.response(), drainTimeout);
    endpoints.withoutBody(call -> serve(call, body)).handle(context);
  }

  private void serve(Call call, RequestBody body) {
    HttpServerResponse response = call.response();
    response.putHeader(S3Errors.AMZ_REQUEST_ID, call.requestId());
    Optional<String> resource = Optional.empty();
    try {
      S3Target target = S3Target.parse(PREFIX, call.request().uri());
      resource = Optional.of(target.resource());
      S3Signature signature = callers.verify(call.request(), target);
      S3Operation operation =
          S3Operation.of(call.request().method(), target, call.request().headers());
      Optional<String> reserved = target.bucket().filter(reservedBuckets::contains);
      if (reserved.isPresent()) {
        throw S3Error.ACCESS_DENIED.failure(
            "The bucket '" + reserved.get() + "' is reserved for Strata's own use.");
      }
      target.bucket().ifPresent(bucket -> claim(signature, bucket));
      handlers.get(operation).handle(new S3Exchange(call, target, signature, body));
    } catch (StrataException failure) {
      if (response.ended() || response.closed()) {
        return;
      }
      if (response.headWritten()) {
        response.reset(); // a response had begun: cut it rather than leave it hanging
        return;
      }
      errors.render(
          response,
          failure,
          resource,
          call.requestId(),
          call.request().method() == HttpMethod.HEAD);
    }
  }

  @Override
  public String toString() {
    return "S3Endpoint[" + PREFIX + ", " + callers + "]";
  }
}
