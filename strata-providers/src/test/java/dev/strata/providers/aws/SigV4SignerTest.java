package dev.strata.providers.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.aws.SigV4Hashes;
import dev.strata.core.aws.UriEncoding;
import dev.strata.providers.http.UpstreamRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Strata's signer against the AWS SDK's own SigV4 signer, on the same request at the same time. */
class SigV4SignerTest {
  private static final Instant NOW = Instant.parse("2026-03-01T09:15:30Z");
  private static final String KEY_ID = "AKIDEXAMPLE000000001";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJH+token=";
  private static final byte[] BODY =
      "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}],\"inferenceConfig\":{}}"
          .getBytes(StandardCharsets.UTF_8);
  private static final String PLAIN_URI =
      "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream";
  private static final String ARN_URI =
      "http://127.0.0.1:8443/model/"
          + UriEncoding.encode(
              "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7")
          + "/converse";

  private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  private final SigV4Signer signer = new SigV4Signer("bedrock", "us-east-1", clock());

  private Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
  }

  private static UpstreamRequest request(String uri) {
    return UpstreamRequest.postJson(
        URI.create(uri),
        Map.of("content-type", "application/json", "accept", "application/vnd.amazon.eventstream"),
        BODY);
  }

  /** What the AWS SDK signs for the same request: the headers Strata signs, the same body. */
  private static SdkHttpRequest awsSigned(
      String uri, AwsCredentials credentials, Instant at, String payloadHash) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create(uri))
            .putHeader("Content-Type", "application/json")
            .putHeader("x-amz-content-sha256", payloadHash)
            .build();
    AwsCredentialsIdentity identity =
        credentials.sessionToken().isPresent()
            ? AwsSessionCredentialsIdentity.create(
                credentials.accessKeyId(),
                credentials.secretAccessKey(),
                credentials.sessionToken().get())
            : AwsCredentialsIdentity.create(
                credentials.accessKeyId(), credentials.secretAccessKey());
    return AwsV4HttpSigner.create()
        .sign(
            r ->
                r.identity(identity)
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(BODY))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
        .request();
  }

  private void assertSameAsAws(String uri, AwsCredentials credentials) {
    UpstreamRequest ours = signer.sign(request(uri), credentials);
    SdkHttpRequest theirs =
        awsSigned(uri, credentials, now.get(), ours.headers().get("x-amz-content-sha256"));

    assertThat(ours.headers().get("authorization"))
        .isEqualTo(theirs.firstMatchingHeader("Authorization").orElseThrow());
    assertThat(ours.headers().get("x-amz-date"))
        .isEqualTo(theirs.firstMatchingHeader("X-Amz-Date").orElseThrow());
    assertThat(Optional.ofNullable(ours.headers().get("x-amz-security-token")))
        .isEqualTo(theirs.firstMatchingHeader("X-Amz-Security-Token"));
  }

  @Test
  void plainModelId_signsAsTheAwsSdkDoes() {
    assertSameAsAws(PLAIN_URI, AwsCredentials.of(KEY_ID, SECRET));
  }

  @Test
  void percentEncodedArn_signsAsTheAwsSdkDoes_withThePathEncodedTwice() {
    assertSameAsAws(ARN_URI, AwsCredentials.of(KEY_ID, SECRET));
    assertThat(CanonicalRequest.canonicalUri(URI.create(ARN_URI)))
        .startsWith("/model/arn%253Aaws%253Abedrock%253Aus-east-1")
        .contains("inference-profile%252Fus.anthropic");
  }

  @Test
  void sessionToken_isSentAsSecurityToken_andSignedAsTheAwsSdkDoes() {
    AwsCredentials temporary = new AwsCredentials(KEY_ID, SECRET, Optional.of(TOKEN));

    assertSameAsAws(PLAIN_URI, temporary);
    assertSameAsAws(ARN_URI, temporary);
    UpstreamRequest signed = signer.sign(request(PLAIN_URI), temporary);
    assertThat(signed.headers()).containsEntry("x-amz-security-token", TOKEN);
    assertThat(signed.headers().get("authorization"))
        .contains(
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
  }

  @Test
  void cachedSigningKey_followsTheDateAndTheSecret() {
    assertSameAsAws(PLAIN_URI, AwsCredentials.of(KEY_ID, SECRET));
    assertSameAsAws(PLAIN_URI, AwsCredentials.of("AKIDROTATED000000002", "a-rotated-secret"));
    now.set(Instant.parse("2026-03-02T00:00:01Z"));
    assertSameAsAws(PLAIN_URI, AwsCredentials.of("AKIDROTATED000000002", "a-rotated-secret"));
    assertSameAsAws(ARN_URI, AwsCredentials.of(KEY_ID, SECRET));
  }

  @Test
  void signedRequest_carriesThePayloadHash_andReplacesAStaleSignature() {
    UpstreamRequest stale =
        UpstreamRequest.postJson(
            URI.create(PLAIN_URI),
            Map.of("Content-Type", "application/json", "Authorization", "AWS4-HMAC-SHA256 stale"),
            BODY);

    UpstreamRequest signed = signer.sign(stale, AwsCredentials.of(KEY_ID, SECRET));

    assertThat(signed.headers())
        .containsEntry("x-amz-content-sha256", SigV4Hashes.sha256Hex(BODY))
        .containsEntry("x-amz-date", "20260301T091530Z")
        .doesNotContainKeys("Authorization", "Content-Type");
    assertThat(signed.headers().get("authorization"))
        .isEqualTo(
            awsSigned(PLAIN_URI, AwsCredentials.of(KEY_ID, SECRET), NOW, SigV4Hashes.sha256Hex(BODY))
                .firstMatchingHeader("Authorization")
                .orElseThrow());
  }

  @Test
  void queryString_isRefused() {
    assertThatThrownBy(
            () ->
                signer.sign(
                    request(PLAIN_URI + "?trace=1"), AwsCredentials.of(KEY_ID, SECRET)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query");
  }

  @Test
  void credentials_neverShowTheSecretOrToken() {
    String shown = new AwsCredentials(KEY_ID, SECRET, Optional.of(TOKEN)).toString();

    assertThat(shown).contains(KEY_ID).doesNotContain(SECRET).doesNotContain(TOKEN);
  }
}
