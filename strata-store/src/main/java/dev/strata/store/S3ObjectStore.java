package dev.strata.store;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectInfo;
import dev.strata.core.objectstore.ObjectListing;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.objectstore.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} in an S3-compatible service (Amazon S3, MinIO, Strata's own {@code /s3}
 * endpoint…) through the AWS SDK. Bucket names pass through unchanged: {@code s3://b/k} is object
 * {@code k} of the service's bucket {@code b}. An upload is spooled first — in memory up to {@link
 * #IN_MEMORY_BYTES}, then to a file — so its length is known and the size limit holds before
 * anything is sent. Listings carry no user metadata (S3's do not); {@link #delete} asks whether the
 * object exists first, as S3's DeleteObject does not say.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
  /** Uploads up to this size are held in memory; larger ones are spooled to a file. */
  public static final int IN_MEMORY_BYTES = 1 << 20;

  private static final int MAX_PAGE = 1000;
  private static final Set<String> CALLERS_MISTAKES =
      Set.of(
          "EntityTooLarge",
          "InvalidArgument",
          "InvalidBucketName",
          "KeyTooLongError",
          "MetadataTooLarge",
          "InvalidRequest");

  /**
   * Where the service is and how to reach it.
   *
   * @param endpoint e.g. {@code https://s3.eu-west-3.amazonaws.com} or {@code http://host:9000}
   * @param pathStyle {@code https://endpoint/bucket/key} rather than {@code
   *     https://bucket.endpoint/key}; most self-hosted services need it
   * @param connectTimeout bounds opening a connection (and waiting for a pooled one)
   * @param socketTimeout bounds each wait for the service to accept or send bytes
   * @param maxObjectBytes the largest object a put accepts
   * @param spoolDirectory where uploads larger than {@link #IN_MEMORY_BYTES} wait to be sent
   */
  public record Settings(
      URI endpoint,
      String region,
      boolean pathStyle,
      String accessKeyId,
      String secretAccessKey,
      Duration connectTimeout,
      Duration socketTimeout,
      long maxObjectBytes,
      Path spoolDirectory) {
    public Settings {
      requireNonNull(endpoint, "endpoint");
      requireNonNull(region, "region");
      requireNonNull(accessKeyId, "accessKeyId");
      requireNonNull(secretAccessKey, "secretAccessKey");
      requireNonNull(connectTimeout, "connectTimeout");
      requireNonNull(socketTimeout, "socketTimeout");
      requireNonNull(spoolDirectory, "spoolDirectory");
      if (endpoint.getScheme() == null || endpoint.getHost() == null) {
        throw new IllegalArgumentException(
            "endpoint '" + endpoint + "' must be an absolute http(s) URI");
      }
      if (region.isBlank()) {
        throw new IllegalArgumentException("region must not be blank");
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive");
      }
      if (socketTimeout.isNegative() || socketTimeout.isZero()) {
        throw new IllegalArgumentException("socketTimeout must be positive");
      }
      if (maxObjectBytes < 1) {
        throw new IllegalArgumentException("maxObjectBytes must be at least 1");
      }
    }

    @Override
    public String toString() {
      return "Settings["
          + endpoint
          + ", "
          + region
          + (pathStyle ? ", path style" : "")
          + ", "
          + accessKeyId
          + "]";
    }
  }

  private final S3Client client;
  private final long maxObjectBytes;
  private final Path spoolDirectory;
  private final String description;

  S3ObjectStore(S3Client client, long maxObjectBytes, Path spoolDirectory, String description) {
    this.client = requireNonNull(client, "client");
    this.maxObjectBytes = maxObjectBytes;
    this.spoolDirectory = requireNonNull(spoolDirectory, "spoolDirectory");
    this.description = requireNonNull(description, "description");
  }

  /** A store backed by a new SDK client for {@code settings}; {@link #close()} closes it. */
  public static S3ObjectStore connect(Settings settings) {
    requireNonNull(settings, "settings");
    S3Client client =
        S3Client.builder()
            .endpointOverride(settings.endpoint())
            .region(Region.of(settings.region()))
            .forcePathStyle(settings.pathStyle())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())))
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(settings.connectTimeout())
                    .connectionAcquisitionTimeout(settings.connectTimeout())
                    .socketTimeout(settings.socketTimeout()))
            .build();
    return new S3ObjectStore(
        client, settings.maxObjectBytes(), settings.spoolDirectory(), settings.toString());
  }

  @Override
  public long maxObjectBytes() {
    return maxObjectBytes;
  }

  @Override
  public ObjectInfo put(ObjectRef ref, InputStream content, Map<String, String> metadata) {
    requireNonNull(ref, "ref");
    requireNonNull(content, "content");
    requireNonNull(metadata, "metadata");
    try (Spooled spooled = spool(content)) {
      client.putObject(
          request ->
              request
                  .bucket(ref.bucket())
                  .key(ref.key())
                  .metadata(metadata)
                  .contentLength(spooled.size()),
          spooled.body());
    } catch (SdkException e) {
      throw failure("PutObject", ref.uri(), e);
    }
    return head(ref)
        .orElseThrow(
            () ->
                new UncheckedIOException(
                    new IOException(ref + " was gone right after it was written")));
  }

  @Override
  public Optional<ObjectInfo> head(ObjectRef ref) {
    requireNonNull(ref, "ref");
    try {
      HeadObjectResponse head =
          client.headObject(request -> request.bucket(ref.bucket()).key(ref.key()));
      return Optional.of(
          new ObjectInfo(
              ref, head.contentLength(), head.lastModified(), etag(head.eTag()), head.metadata()));
    } catch (NoSuchKeyException | NoSuchBucketException missing) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("HeadObject", ref.uri(), e);
    } catch (SdkException e) {
      throw failure("HeadObject", ref.uri(), e);
    }
  }

  @Override
  public Optional<InputStream> open(ObjectRef ref) {
    requireNonNull(ref, "ref");
    try {
      ResponseInputStream<GetObjectResponse> stream =
          client.getObject(request -> request.bucket(ref.bucket()).key(ref.key()));
      return Optional.of(stream);
    } catch (NoSuchKeyException | NoSuchBucketException missing) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("GetObject", ref.uri(), e);
    }
  }

  @Override
  public ObjectListing list(
      String bucket, String prefix, Optional<String> startAfter, int maxKeys) {
    requireNonNull(bucket, "bucket");
    requireNonNull(prefix, "prefix");
    requireNonNull(startAfter, "startAfter");
    if (maxKeys < 1) {
      return new ObjectListing(List.of(), Optional.empty());
    }
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(bucket).maxKeys(Math.min(maxKeys, MAX_PAGE));
    if (!prefix.isEmpty()) {
      request.prefix(prefix);
    }
    startAfter.ifPresent(request::startAfter);
    ListObjectsV2Response page;
    try {
      page = client.listObjectsV2(request.build());
    } catch (NoSuchBucketException missing) {
      return new ObjectListing(List.of(), Optional.empty());
    } catch (SdkException e) {
      throw failure("ListObjectsV2", "s3://" + bucket + "/" + prefix, e);
    }
    List<ObjectInfo> objects = new ArrayList<>(page.contents().size());
    for (S3Object object : page.contents()) {
      toRef(bucket, object.key())
          .ifPresent(
              ref ->
                  objects.add(
                      new ObjectInfo(
                          ref,
                          object.size(),
                          object.lastModified(),
                          etag(object.eTag()),
                          Map.of())));
    }
    boolean truncated = Boolean.TRUE.equals(page.isTruncated()) && !page.contents().isEmpty();
    return new ObjectListing(
        objects, truncated ? Optional.of(page.contents().getLast().key()) : Optional.empty());
  }

  @Override
  public boolean delete(ObjectRef ref) {
    requireNonNull(ref, "ref");
    boolean existed = head(ref).isPresent();
    try {
      client.deleteObject(request -> request.bucket(ref.bucket()).key(ref.key()));
    } catch (NoSuchBucketException missing) {
      return false;
    } catch (SdkException e) {
      throw failure("DeleteObject", ref.uri(), e);
    }
    return existed;
  }

  @Override
  public void close() {
    client.close();
  }

  /** An upload's bytes, held until sent: in memory, or in a file deleted on close. */
  private record Spooled(byte[] bytes, Optional<Path> file, long size) implements AutoCloseable {
    RequestBody body() {
      return file.map(RequestBody::fromFile).orElseGet(() -> RequestBody.fromBytes(bytes));
    }

    @Override
    public void close() {
      file.ifPresent(
          path -> {
            try {
              Files.deleteIfExists(path);
            } catch (IOException e) {
              throw new UncheckedIOException("cannot delete the spooled upload " + path, e);
            }
          });
    }
  }

  /** Reads {@code content} to its end, refusing it as soon as it grows past the limit. */
  private Spooled spool(InputStream content) {
    try (content) {
      byte[] head = content.readNBytes((int) Math.min(IN_MEMORY_BYTES, maxObjectBytes + 1));
      if (head.length > maxObjectBytes) {
        throw tooLarge();
      }
      if (head.length < IN_MEMORY_BYTES) {
        return new Spooled(head, Optional.empty(), head.length);
      }
      Files.createDirectories(spoolDirectory);
      Path file = Files.createTempFile(spoolDirectory, "s3-upload-", ".part");
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(head);
        long size = head.length;
        byte[] buffer = new byte[64 * 1024];
        for (int read; (read = content.read(buffer)) >= 0; ) {
          size += read;
          if (size > maxObjectBytes) {
            throw tooLarge();
          }
          out.write(buffer, 0, read);
        }
        return new Spooled(new byte[0], Optional.of(file), size);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the object to upload", e);
    }
  }

  private StrataException tooLarge() {
    return StrataException.invalid("the object is larger than " + maxObjectBytes + " bytes");
  }

  /** A key S3 holds but an {@link ObjectRef} cannot name (e.g. with {@code ..}) is left out. */
  private static Optional<ObjectRef> toRef(String bucket, String key) {
    try {
      return Optional.of(new ObjectRef(bucket, key));
    } catch (StrataException unnamable) {
      return Optional.empty();
    }
  }

  /** S3 quotes entity tags; the port's are bare. */
  private static String etag(String quoted) {
    if (quoted == null) {
      return "";
    }
    return quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\"")
        ? quoted.substring(1, quoted.length() - 1)
        : quoted;
  }

  /** The caller's mistakes (too large, a bad name) as INVALID_REQUEST; the rest as I/O failures. */
  private static RuntimeException failure(String operation, String where, SdkException e) {
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode();
      String message =
          s3.awsErrorDetails() == null ? s3.getMessage() : s3.awsErrorDetails().errorMessage();
      if (code != null && CALLERS_MISTAKES.contains(code)) {
        return StrataException.invalid(where + ": " + message);
      }
      return new UncheckedIOException(
          new IOException(
              operation + " " + where + " failed: " + s3.statusCode() + " " + code + ": " + message,
              e));
    }
    return new UncheckedIOException(
        new IOException(operation + " " + where + " failed: " + e.getMessage(), e));
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + description + "]";
  }
}
