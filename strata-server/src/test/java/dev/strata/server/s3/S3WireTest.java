package dev.strata.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.objectstore.ObjectRef;
import dev.strata.server.s3.SignedCalls.Reply;
import dev.strata.server.s3.SignedCalls.Signing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;

/**
 * Requests signed by AWS's SigV4 signer in each payload mode, some changed after signing, and
 * requests no SDK would send: what the endpoint accepts, and the S3 error it answers otherwise.
 */
class S3WireTest {
  private static final String BUCKET = "wire-tests";
  private static final byte[] CONTENT =
      "{\"recordId\":\"r1\",\"modelInput\":{}}\n".repeat(200).getBytes(StandardCharsets.UTF_8);

  private static S3TestServer server;
  private static SignedCalls calls;

  @BeforeAll
  static void start() {
    server = new S3TestServer(1L << 20);
    calls = new SignedCalls(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String path(String key) {
    return S3Endpoint.PREFIX + "/" + BUCKET + "/" + key;
  }

  private static boolean stored(String key) {
    return server.store().head(new ObjectRef(BUCKET, key)).isPresent();
  }

  private static Reply put(String key, Signing signing, UnaryOperator<byte[]> tamper) {
    return calls.send("PUT", path(key), Map.of(), CONTENT, signing, tamper);
  }

  private static void assertError(Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("content-type")).isEqualTo("application/xml");
    assertThat(reply.body()).contains("<Code>" + code + "</Code>");
  }

  @Test
  void unsignedPayload_isAccepted_evenWhenTheBodyIsNotTheOneSigned() {
    Reply reply = put("unsigned", Signing.hashed().unsignedPayload(), S3WireTest::flipFirstByte);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(server.store().head(new ObjectRef(BUCKET, "unsigned")).orElseThrow().size())
        .isEqualTo(CONTENT.length);
  }

  @Test
  void signedChunks_withAChunkChangedAfterSigning_areSignatureDoesNotMatch_andNothingIsStored() {
    Signing chunked = Signing.hashed().chunked(Optional.empty());

    Reply intact = put("chunks-intact", chunked, bytes -> bytes);
    Reply changed = put("chunks-changed", chunked, S3WireTest::flipFirstDataByte);

    assertThat(intact.status()).as(intact.body()).isEqualTo(200);
    assertError(changed, 403, "SignatureDoesNotMatch");
    assertThat(stored("chunks-changed")).isFalse();
  }

  @Test
  void signedTrailer_withItsChecksumChangedAfterSigning_isSignatureDoesNotMatch() {
    Signing trailer = Signing.hashed().chunked(Optional.of(DefaultChecksumAlgorithm.CRC32));

    Reply intact = put("trailer-intact", trailer, bytes -> bytes);
    Reply changed =
        put("trailer-changed", trailer, bytes -> replaceTrailerChecksum(bytes, "AAAAAA=="));

    assertThat(intact.status()).as(intact.body()).isEqualTo(200);
    assertThat(intact.header("x-amz-checksum-crc32")).isNotBlank();
    assertError(changed, 403, "SignatureDoesNotMatch");
    assertThat(stored("trailer-changed")).isFalse();
  }

  @Test
  void unsignedChunksWithATrailer_areCheckedAgainstTheTrailersChecksum() {
    Signing unsignedTrailer =
        Signing.hashed().unsignedPayload().chunked(Optional.of(DefaultChecksumAlgorithm.CRC32C));

    Reply intact = put("unsigned-trailer", unsignedTrailer, bytes -> bytes);
    Reply changed = put("unsigned-trailer-changed", unsignedTrailer, S3WireTest::flipFirstDataByte);

    assertThat(intact.status()).as(intact.body()).isEqualTo(200);
    assertThat(stored("unsigned-trailer")).isTrue();
    assertError(changed, 400, "BadDigest");
    assertThat(stored("unsigned-trailer-changed")).isFalse();
  }

  @Test
  void aCrc64NvmeChecksumHeader_isVerified() {
    Crc64Nvme crc = new Crc64Nvme();
    crc.update(CONTENT, 0, CONTENT.length);
    String right =
        Base64.getEncoder().encodeToString(ByteBuffer.allocate(8).putLong(crc.getValue()).array());
    String wrong = Base64.getEncoder().encodeToString(new byte[8]);
    Signing unsigned = Signing.hashed().unsignedPayload();

    Reply accepted =
        calls.send(
            "PUT",
            path("crc64-ok"),
            Map.of("x-amz-checksum-crc64nvme", right),
            CONTENT,
            unsigned,
            b -> b);
    Reply refused =
        calls.send(
            "PUT",
            path("crc64-bad"),
            Map.of("x-amz-checksum-crc64nvme", wrong),
            CONTENT,
            unsigned,
            b -> b);

    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.header("x-amz-checksum-crc64nvme")).isEqualTo(right);
    assertError(refused, 400, "BadDigest");
    assertThat(stored("crc64-bad")).isFalse();
  }

  @Test
  void aBodyChangedAfterItsSha256WasSigned_isXAmzContentSha256Mismatch() {
    Reply reply = put("sha-changed", Signing.hashed(), S3WireTest::flipFirstByte);

    assertError(reply, 400, "XAmzContentSHA256Mismatch");
    assertThat(stored("sha-changed")).isFalse();
  }

  @Test
  void chunkSizesPromisingMoreThanTheBodyHolds_areIncompleteBody() {
    Signing unsignedTrailer =
        Signing.hashed().unsignedPayload().chunked(Optional.of(DefaultChecksumAlgorithm.CRC32));

    Reply reply = put("truncated", unsignedTrailer, S3WireTest::inflateFirstChunkSize);

    assertError(reply, 400, "IncompleteBody");
    assertThat(stored("truncated")).isFalse();
  }

  @Test
  void anUnsignedRequest_isAccessDenied_naming_theResourceAndTheRequestId() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path("some/key")))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    String requestId = response.headers().firstValue("x-amz-request-id").orElseThrow();
    assertThat(response.body())
        .startsWith("<?xml")
        .contains("<Code>AccessDenied</Code>")
        .contains("<Resource>/" + BUCKET + "/some/key</Resource>")
        .contains("<RequestId>" + requestId + "</RequestId>");
  }

  @Test
  void anUnknownAccessKey_isInvalidAccessKeyId() {
    Reply reply =
        calls.send(
            "GET",
            path("x"),
            new byte[0],
            Signing.hashed().withKey("AKSTUNKNOWN000000001", S3TestServer.SECRET));

    assertError(reply, 403, "InvalidAccessKeyId");
  }

  @Test
  void aPresignedUrl_isAccessDenied() {
    Reply reply = calls.send("GET", path("x"), new byte[0], Signing.hashed().presignedUrl());

    assertError(reply, 403, "AccessDenied");
    assertThat(reply.body()).contains("Presigned");
  }

  @Test
  void anInvalidBucketName_isInvalidBucketName() {
    Reply reply =
        calls.send("GET", S3Endpoint.PREFIX + "/Not_A_Bucket/key", new byte[0], Signing.hashed());

    assertError(reply, 400, "InvalidBucketName");
  }

  @Test
  void unsupportedOperations_areNotImplemented_andUnknownMethods_MethodNotAllowed() {
    Reply multipart = calls.send("POST", path("big") + "?uploads", new byte[0], Signing.hashed());
    Reply patch = calls.send("PATCH", path("big"), new byte[0], Signing.hashed());
    Reply listV1 =
        calls.send("GET", S3Endpoint.PREFIX + "/" + BUCKET, new byte[0], Signing.hashed());

    assertError(multipart, 501, "NotImplemented");
    assertError(patch, 405, "MethodNotAllowed");
    assertError(listV1, 501, "NotImplemented");
  }

  @Test
  void aRefusedUploadsUnreadBody_isDropped_andTheConnectionServesTheNextRequest() {
    byte[] body = S3EndpointTest.randomBytes(300_000);
    for (int i = 0; i < 3; i++) {
      Reply refused =
          calls.send(
              "PUT",
              path("refused"),
              Map.of(),
              body,
              Signing.hashed().withKey(S3TestServer.ACCESS_KEY, "wrong-secret"),
              b -> b);
      Reply accepted =
          calls.send("PUT", path("accepted-" + i), Map.of(), body, Signing.hashed(), b -> b);

      assertError(refused, 403, "SignatureDoesNotMatch");
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }
    assertThat(stored("refused")).isFalse();
  }

  @Test
  void aKeyWithSpacesPlusSignsAndUnicode_isStoredUnderItsDecodedName() {
    String encoded = "dir/a%20b%2Bc%20%C3%A9.jsonl";

    Reply reply = calls.send("PUT", path(encoded), Map.of(), CONTENT, Signing.hashed(), b -> b);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(stored("dir/a b+c é.jsonl")).isTrue();
  }

  private static byte[] flipFirstByte(byte[] bytes) {
    byte[] copy = bytes.clone();
    copy[0] ^= 1;
    return copy;
  }

  /** Flips the first byte after the first chunk header's CRLF. */
  private static byte[] flipFirstDataByte(byte[] bytes) {
    byte[] copy = bytes.clone();
    copy[indexOf(copy, "\r\n") + 2] ^= 1;
    return copy;
  }

  private static byte[] inflateFirstChunkSize(byte[] bytes) {
    int headerEnd = indexOf(bytes, "\r\n");
    String header = new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII);
    String size = header.contains(";") ? header.substring(0, header.indexOf(';')) : header;
    String inflated =
        Long.toHexString(Long.parseLong(size, 16) + 4096) + header.substring(size.length());
    byte[] head = inflated.getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(head, head.length + bytes.length - headerEnd);
    System.arraycopy(bytes, headerEnd, out, head.length, bytes.length - headerEnd);
    return out;
  }

  private static byte[] replaceTrailerChecksum(byte[] bytes, String value) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("x-amz-checksum-crc32:");
    int end = text.indexOf("\r\n", at);
    return (text.substring(0, at) + "x-amz-checksum-crc32:" + value + text.substring(end))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static int indexOf(byte[] bytes, String marker) {
    return new String(bytes, StandardCharsets.ISO_8859_1).indexOf(marker);
  }
}
