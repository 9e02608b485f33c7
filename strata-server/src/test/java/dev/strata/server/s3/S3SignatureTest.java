package dev.strata.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.server.aws.S3Signature;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.aws.SignedPayload;
import dev.strata.server.aws.SignedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** {@link SigV4Verifier#verifyS3} on requests signed by AWS's signer, as S3 clients sign them. */
class S3SignatureTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String ACCESS_KEY = "AKSTS3SIGNATURE00001";
  private static final String SECRET = "s3-signature-test-secret-000000000000000";
  private static final byte[] BODY = "hello".getBytes(StandardCharsets.UTF_8);

  private final SigV4Verifier verifier =
      new SigV4Verifier(new OneKey(), Clock.fixed(NOW, ZoneOffset.UTC));

  private static SignedRequest signed(
      String service, Instant at, boolean payloadSigning, boolean chunked) {
    SdkHttpRequest http =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.PUT)
            .uri(
                URI.create(
                    (payloadSigning ? "http" : "https") + "://127.0.0.1:9000/s3/bucket/a%20b+c"))
            .putHeader("Content-Length", Integer.toString(BODY.length))
            .build();
    var result =
        AwsV4HttpSigner.create()
            .sign(
                r -> {
                  r.identity(AwsCredentialsIdentity.create(ACCESS_KEY, SECRET))
                      .request(http)
                      .payload(ContentStreamProvider.fromByteArray(BODY))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                      .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-3")
                      .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                      .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                      .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)
                      .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, chunked)
                      .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
                  if (chunked) {
                    r.putProperty(
                        AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32);
                  }
                });
    Map<String, List<String>> headers = new HashMap<>();
    result.request().forEachHeader((name, values) -> headers.put(name, new ArrayList<>(values)));
    return new SignedRequest("PUT", result.request().encodedPath(), "", headers, new byte[0]);
  }

  private static SignedRequest signed(boolean payloadSigning, boolean chunked) {
    return signed("s3", NOW, payloadSigning, chunked);
  }

  private static void assertRefused(Runnable call, ErrorKind kind, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.code()).contains(code);
            });
  }

  @Test
  void verifyS3_answersThePrincipal_andTheSignedSha256OfAPlainBody() {
    S3Signature signature = verifier.verifyS3(signed(true, false));

    assertThat(signature.principal().keyId()).isEqualTo("key_sig");
    assertThat(signature.payload())
        .isEqualTo(
            new SignedPayload.Sha256(
                "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
  }

  @Test
  void verifyS3_tellsEachStreamingModeApart() {
    assertThat(verifier.verifyS3(signed(false, false)).payload())
        .isInstanceOf(SignedPayload.Unsigned.class);
    assertThat(verifier.verifyS3(signed(false, true)).payload())
        .isInstanceOf(SignedPayload.UnsignedChunks.class);
    assertThat(verifier.verifyS3(signed(true, true)).payload())
        .isInstanceOfSatisfying(
            SignedPayload.SignedChunks.class, chunks -> assertThat(chunks.trailer()).isTrue());
  }

  @Test
  void verifyS3_refusesAStaleSignature_asS3Does() {
    assertRefused(
        () -> verifier.verifyS3(signed("s3", NOW.minusSeconds(600), true, false)),
        ErrorKind.PERMISSION_DENIED,
        "RequestTimeTooSkewed");
  }

  @Test
  void verifyS3_refusesACredentialScopedToAnotherService() {
    assertRefused(
        () -> verifier.verifyS3(signed("bedrock", NOW, true, false)),
        ErrorKind.INVALID_REQUEST,
        "AuthorizationHeaderMalformed");
  }

  @Test
  void verifyS3_refusesARequestWhosePathChangedAfterSigning() {
    SignedRequest original = signed(true, false);
    SignedRequest moved =
        new SignedRequest("PUT", "/s3/bucket/other", "", original.headers(), original.body());

    assertRefused(
        () -> verifier.verifyS3(moved), ErrorKind.PERMISSION_DENIED, "SignatureDoesNotMatch");
  }

  @Test
  void verify_forBedrock_stillRefusesAnUnsignedPayload() {
    SignedRequest unsigned = signed("bedrock", NOW, false, false);

    assertRefused(
        () -> verifier.verify(unsigned), ErrorKind.PERMISSION_DENIED, "InvalidSignatureException");
  }

  /** One live access key. */
  private static final class OneKey implements AwsCredentialStore {
    @Override
    public AwsCredential issue(String keyId) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public Optional<AwsCredential> findByAccessKeyId(String accessKeyId) {
      return Optional.of(
              new AwsCredential(
                  ACCESS_KEY,
                  SECRET,
                  new ApiKey(
                      "key_sig",
                      "sig",
                      "hash",
                      "sk-strata-xxxx",
                      new Principal("key_sig", "acme", "batch", "tool", Map.of()),
                      Instant.parse("2025-01-01T00:00:00Z"),
                      Optional.empty())))
          .filter(credential -> credential.accessKeyId().equals(accessKeyId));
    }
  }
}
