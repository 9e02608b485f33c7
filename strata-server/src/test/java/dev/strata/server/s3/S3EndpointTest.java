package dev.strata.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.objectstore.ObjectRef;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The official AWS SDK {@link S3Client}, with its default settings, against the S3 endpoint. */
class S3EndpointTest {
  private static final String BUCKET = "batch-inputs";
  private static final long MAX_OBJECT_BYTES = 8L << 20;

  private static S3TestServer server;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    server = new S3TestServer(MAX_OBJECT_BYTES);
    s3 = server.client();
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  @Test
  void putGetHeadDelete_roundTripTheBytesAndTheUserMetadata() throws Exception {
    byte[] content = "{\"recordId\":\"1\"}\n".getBytes(StandardCharsets.UTF_8);
    String key = "jobs/in put+file.jsonl";

    PutObjectResponse put =
        s3.putObject(
            request -> request.bucket(BUCKET).key(key).metadata(Map.of("owner", "team-a")),
            RequestBody.fromBytes(content));
    HeadObjectResponse head = s3.headObject(request -> request.bucket(BUCKET).key(key));
    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(key));

    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    assertThat(put.eTag()).isEqualTo("\"" + md5 + "\"");
    assertThat(head.contentLength()).isEqualTo(content.length);
    assertThat(head.eTag()).isEqualTo("\"" + md5 + "\"");
    assertThat(head.metadata()).containsExactly(Map.entry("owner", "team-a"));
    assertThat(head.lastModified()).isNotNull();
    assertThat(got.asByteArray()).isEqualTo(content);
    assertThat(got.response().metadata()).containsEntry("owner", "team-a");
    assertThat(server.store().head(new ObjectRef(BUCKET, key))).isPresent();

    s3.deleteObject(request -> request.bucket(BUCKET).key(key));

    assertThat(server.store().head(new ObjectRef(BUCKET, key))).isEmpty();
    assertThatThrownBy(() -> s3.headObject(request -> request.bucket(BUCKET).key(key)))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void getObject_ofAMissingKey_isNoSuchKeyWithS3sErrorDocument() {
    assertThatThrownBy(() -> s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("absent")))
        .isInstanceOfSatisfying(
            NoSuchKeyException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
              assertThat(e.requestId()).isNotBlank();
            });
  }

  @Test
  void deleteObject_ofAMissingKey_succeedsAsOnS3() {
    s3.deleteObject(request -> request.bucket(BUCKET).key("never-there"));

    assertThat(server.store().head(new ObjectRef(BUCKET, "never-there"))).isEmpty();
  }

  @Test
  void getObject_withARange_returnsThatSliceOnly() {
    byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
    s3.putObject(request -> request.bucket(BUCKET).key("digits"), RequestBody.fromBytes(content));

    ResponseBytes<GetObjectResponse> middle =
        s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("digits").range("bytes=2-5"));
    ResponseBytes<GetObjectResponse> tail =
        s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("digits").range("bytes=-3"));
    ResponseBytes<GetObjectResponse> from =
        s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("digits").range("bytes=7-"));

    assertThat(middle.asUtf8String()).isEqualTo("2345");
    assertThat(middle.response().contentRange()).isEqualTo("bytes 2-5/10");
    assertThat(middle.response().contentLength()).isEqualTo(4);
    assertThat(tail.asUtf8String()).isEqualTo("789");
    assertThat(from.asUtf8String()).isEqualTo("789");
    assertThatThrownBy(
            () ->
                s3.getObjectAsBytes(
                    request -> request.bucket(BUCKET).key("digits").range("bytes=10-20")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(416);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
            });
  }

  @Test
  void listObjectsV2_pagesThroughEveryKeyInOrder_withContinuationTokens() {
    String bucket = "listing-pages";
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      keys.add(String.format("records/part-%03d.jsonl", i));
    }
    keys.forEach(
        key ->
            s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(key)));
    s3.putObject(request -> request.bucket(bucket).key("other/x"), RequestBody.fromString("x"));

    ListObjectsV2Response first =
        s3.listObjectsV2(request -> request.bucket(bucket).prefix("records/").maxKeys(10));
    List<String> all =
        s3
            .listObjectsV2Paginator(
                request -> request.bucket(bucket).prefix("records/").maxKeys(10))
            .contents()
            .stream()
            .map(S3Object::key)
            .toList();
    int pages =
        (int)
            s3
                .listObjectsV2Paginator(
                    request -> request.bucket(bucket).prefix("records/").maxKeys(10))
                .stream()
                .count();

    assertThat(first.keyCount()).isEqualTo(10);
    assertThat(first.isTruncated()).isTrue();
    assertThat(first.nextContinuationToken()).isNotBlank();
    assertThat(first.contents().get(0).size()).isEqualTo(keys.get(0).length());
    assertThat(first.contents().get(0).eTag()).startsWith("\"").endsWith("\"");
    assertThat(all).containsExactlyElementsOf(keys);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void listObjectsV2_startsAfterTheGivenKey() {
    String bucket = "listing-start";
    for (String key : List.of("a", "b", "c", "d")) {
      s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(key));
    }

    ListObjectsV2Response page =
        s3.listObjectsV2(request -> request.bucket(bucket).startAfter("b"));

    assertThat(page.contents()).extracting(S3Object::key).containsExactly("c", "d");
    assertThat(page.isTruncated()).isFalse();
  }

  @Test
  void listObjectsV2_withADelimiter_rollsKeysUpIntoCommonPrefixes() {
    String bucket = "listing-folders";
    for (String key :
        List.of("in/a.jsonl", "out/job-1/a.out", "out/job-1/b.out", "out/job-2/a.out", "top.txt")) {
      s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(key));
    }

    ListObjectsV2Response root = s3.listObjectsV2(request -> request.bucket(bucket).delimiter("/"));
    ListObjectsV2Response out =
        s3.listObjectsV2(request -> request.bucket(bucket).prefix("out/").delimiter("/"));
    List<String> paged =
        s3
            .listObjectsV2Paginator(
                request -> request.bucket(bucket).prefix("out/").delimiter("/").maxKeys(1))
            .commonPrefixes()
            .stream()
            .map(CommonPrefix::prefix)
            .toList();

    assertThat(root.commonPrefixes())
        .extracting(CommonPrefix::prefix)
        .containsExactly("in/", "out/");
    assertThat(root.contents()).extracting(S3Object::key).containsExactly("top.txt");
    assertThat(root.keyCount()).isEqualTo(3);
    assertThat(out.commonPrefixes())
        .extracting(CommonPrefix::prefix)
        .containsExactly("out/job-1/", "out/job-2/");
    assertThat(paged).containsExactly("out/job-1/", "out/job-2/");
  }

  @Test
  void putObject_ofSeveralMegabytes_streamsSignedChunksWithAChecksumTrailer() {
    byte[] content = randomBytes(3 * 1024 * 1024 + 17);

    s3.putObject(request -> request.bucket(BUCKET).key("big.bin"), RequestBody.fromBytes(content));

    assertThat(s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("big.bin")).asByteArray())
        .isEqualTo(content);
  }

  @Test
  void putObject_fromAStreamOfUnknownContent_isStoredIntact() {
    byte[] content = randomBytes(300_000);

    s3.putObject(
        request -> request.bucket(BUCKET).key("streamed.bin"),
        RequestBody.fromInputStream(new ByteArrayInputStream(content), content.length));

    assertThat(server.store().head(new ObjectRef(BUCKET, "streamed.bin")).orElseThrow().size())
        .isEqualTo(content.length);
    assertThat(
            s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("streamed.bin"))
                .asByteArray())
        .isEqualTo(content);
  }

  @Test
  void putObject_withEachChecksumAlgorithm_isVerifiedAndEchoed() {
    byte[] content = randomBytes(200_000);
    for (ChecksumAlgorithm algorithm :
        List.of(
            ChecksumAlgorithm.CRC32,
            ChecksumAlgorithm.CRC32_C,
            ChecksumAlgorithm.SHA1,
            ChecksumAlgorithm.SHA256)) {
      String key = "checksum-" + algorithm;

      PutObjectResponse put =
          s3.putObject(
              request -> request.bucket(BUCKET).key(key).checksumAlgorithm(algorithm),
              RequestBody.fromBytes(content));

      String echoed =
          switch (algorithm) {
            case CRC32 -> put.checksumCRC32();
            case CRC32_C -> put.checksumCRC32C();
            case SHA1 -> put.checksumSHA1();
            default -> put.checksumSHA256();
          };
      assertThat(echoed).as(algorithm.toString()).isNotBlank();
      assertThat(s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(key)).asByteArray())
          .isEqualTo(content);
    }
  }

  @Test
  void putObject_withoutChecksumsOrChunks_isVerifiedAgainstItsSignedSha256() {
    byte[] content = randomBytes(50_000);
    try (S3Client plain =
        server.client(
            S3TestServer.SECRET,
            builder ->
                builder
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build()))) {
      plain.putObject(
          request -> request.bucket(BUCKET).key("plain.bin"), RequestBody.fromBytes(content));
    }
    try (S3Client chunkedNoTrailer =
        server.client(
            S3TestServer.SECRET,
            builder ->
                builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED))) {
      chunkedNoTrailer.putObject(
          request -> request.bucket(BUCKET).key("chunked.bin"), RequestBody.fromBytes(content));
    }

    assertThat(
            s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("plain.bin")).asByteArray())
        .isEqualTo(content);
    assertThat(
            s3.getObjectAsBytes(request -> request.bucket(BUCKET).key("chunked.bin")).asByteArray())
        .isEqualTo(content);
  }

  @Test
  void putObject_withAContentMd5_acceptsTheRightOneAndRefusesAWrongOne() throws Exception {
    byte[] content = "md5 me".getBytes(StandardCharsets.UTF_8);
    String right =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
    String wrong =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(new byte[1]));

    s3.putObject(
        request -> request.bucket(BUCKET).key("md5-ok").contentMD5(right),
        RequestBody.fromBytes(content));

    assertThat(server.store().head(new ObjectRef(BUCKET, "md5-ok"))).isPresent();
    assertThatThrownBy(
            () ->
                s3.putObject(
                    request -> request.bucket(BUCKET).key("md5-bad").contentMD5(wrong),
                    RequestBody.fromBytes(content)))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
            });
    assertThat(server.store().head(new ObjectRef(BUCKET, "md5-bad"))).isEmpty();
  }

  @Test
  void anyRequest_signedWithTheWrongSecret_isSignatureDoesNotMatch() {
    try (S3Client wrong = server.client("not-the-secret", builder -> builder)) {
      assertThatThrownBy(
              () ->
                  wrong.putObject(
                      request -> request.bucket(BUCKET).key("forged"),
                      RequestBody.fromString("forged")))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
              });
      assertThatThrownBy(() -> wrong.listObjectsV2(request -> request.bucket(BUCKET)))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
    assertThat(server.store().head(new ObjectRef(BUCKET, "forged"))).isEmpty();
  }

  @Test
  void putObject_largerThanTheStoresLimit_isEntityTooLargeAndNothingIsStored() {
    byte[] content = randomBytes((int) MAX_OBJECT_BYTES + 1);

    assertThatThrownBy(
            () ->
                s3.putObject(
                    request -> request.bucket(BUCKET).key("too-big"),
                    RequestBody.fromBytes(content)))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityTooLarge");
            });
    assertThat(server.store().head(new ObjectRef(BUCKET, "too-big"))).isEmpty();
    // The connection pool still serves the next request.
    s3.putObject(request -> request.bucket(BUCKET).key("after"), RequestBody.fromString("ok"));
    assertThat(server.store().head(new ObjectRef(BUCKET, "after"))).isPresent();
  }

  @Test
  void createBucketAndHeadBucket_succeedForAnyValidName() {
    s3.createBucket(request -> request.bucket("fresh-bucket"));
    s3.headBucket(request -> request.bucket("fresh-bucket"));

    assertThat(s3.listObjectsV2(request -> request.bucket("fresh-bucket")).keyCount()).isZero();
  }

  @Test
  void aReservedBucket_isAccessDenied() {
    assertThatThrownBy(
            () ->
                s3.getObjectAsBytes(
                    request -> request.bucket(S3TestServer.RESERVED_BUCKET).key("file-abc")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(403);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            });
  }

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
