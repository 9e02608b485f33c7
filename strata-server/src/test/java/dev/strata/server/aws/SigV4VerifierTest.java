package dev.strata.server.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.aws.SigV4Hashes;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SigV4VerifierTest {
  private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");
  private static final String ACCESS_KEY = "AKSTEXAMPLE000000001";
  private static final String SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY00";
  private static final String BODY =
      "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}]}";

  private final InMemoryAwsCredentials store = new InMemoryAwsCredentials();
  private final SigV4Verifier verifier =
      new SigV4Verifier(store, Clock.fixed(NOW, ZoneOffset.UTC));

  SigV4VerifierTest() {
    store.add(ACCESS_KEY, SECRET, "key_live", false);
    store.add("AKSTREVOKED000000001", SECRET, "key_revoked", true);
  }

  /** Signs a Converse request with AWS's own SigV4 signer. */
  private static SignedRequest signed(
      String accessKey,
      String secret,
      String service,
      Instant signingTime,
      String body,
      UnaryOperator<SdkHttpRequest.Builder> request,
      boolean payloadSigning) {
    SdkHttpRequest http =
        request
            .apply(
                SdkHttpRequest.builder()
                    .method(SdkHttpMethod.POST)
                    .uri(
                        URI.create(
                            "http://127.0.0.1:8080/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"))
                    .putHeader("Content-Type", "application/json"))
            .build();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var result =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(accessKey, secret))
                        .request(http)
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-3")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)
                        .putProperty(
                            HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC)));
    return SdkRequests.received(result.request(), bytes);
  }

  private static SignedRequest signed(UnaryOperator<SdkHttpRequest.Builder> request) {
    return signed(ACCESS_KEY, SECRET, "bedrock", NOW, BODY, request, true);
  }

  private static SignedRequest signed() {
    return signed(r -> r);
  }

  private static SignedRequest withHeader(SignedRequest request, String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put(name, List.of(value));
    return new SignedRequest(
        request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
  }

  private static SignedRequest withBody(SignedRequest request, String body) {
    return new SignedRequest(
        request.method(),
        request.rawPath(),
        request.rawQuery(),
        request.headers(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertDenied(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED))
        .hasMessageContaining(message);
  }

  @Test
  void verify_acceptsWhatTheAwsSignerSigned_andAnswersTheBoundKeysPrincipal() {
    SignedRequest request = signed();

    assertThat(verifier.isSigned(request.headers())).isTrue();
    assertThat(verifier.verify(request))
        .isEqualTo(new Principal("key_live", "acme", "search", "bot", Map.of("env", "test")));
  }

  @Test
  void verify_acceptsQueryParametersThatNeedEncoding() {
    SignedRequest request =
        signed(
            r ->
                r.putRawQueryParameter("b", "two words")
                    .putRawQueryParameter("a", List.of("z", "ü/+="))
                    .putRawQueryParameter("empty", ""));

    assertThat(request.rawQuery()).isNotEmpty();
    assertThat(verifier.verify(request).keyId()).isEqualTo("key_live");
  }

  @Test
  void verify_acceptsAnEmptyBodyAndTheSignersDeclaredPayloadHash() {
    SignedRequest plain = signed(ACCESS_KEY, SECRET, "bedrock", NOW, "", r -> r, true);
    SignedRequest declared =
        signed(
            ACCESS_KEY,
            SECRET,
            "bedrock",
            NOW,
            BODY,
            r ->
                r.putHeader(
                    "x-amz-content-sha256", SigV4Hashes.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8))),
            true);

    assertThat(verifier.verify(plain).keyId()).isEqualTo("key_live");
    assertThat(verifier.verify(declared).keyId()).isEqualTo("key_live");
  }

  @Test
  void verify_acceptsAnySigningTimeWithinFiveMinutes() {
    for (Duration offset : List.of(Duration.ofMinutes(-5), Duration.ofMinutes(5))) {
      SignedRequest request =
          signed(ACCESS_KEY, SECRET, "bedrock", NOW.plus(offset), BODY, r -> r, true);
      assertThat(verifier.verify(request).keyId()).isEqualTo("key_live");
    }
  }

  @Test
  void aWrongSecret_isASignatureMismatch() {
    SignedRequest request = signed(ACCESS_KEY, SECRET + "x", "bedrock", NOW, BODY, r -> r, true);

    assertDenied(
        () -> verifier.verify(request),
        "The request signature we calculated does not match the signature you provided");
  }

  @Test
  void aTamperedBody_isRefused_withOrWithoutADeclaredPayloadHash() {
    SignedRequest tampered = withBody(signed(), BODY.replace("Hello", "Hellp"));
    Map<String, List<String>> headers = new LinkedHashMap<>(tampered.headers());
    headers.remove("x-amz-content-sha256");
    SignedRequest undeclared =
        new SignedRequest(
            tampered.method(), tampered.rawPath(), tampered.rawQuery(), headers, tampered.body());

    assertThat(signed().header("x-amz-content-sha256")).hasSize(1);
    assertDenied(
        () -> verifier.verify(tampered),
        "The provided 'x-amz-content-sha256' header does not match what was computed.");
    assertDenied(
        () -> verifier.verify(undeclared), "The request signature we calculated does not match");
  }

  @Test
  void aBodyThatDoesNotMatchItsDeclaredHash_isRefused() {
    SignedRequest request =
        withBody(
            signed(
                ACCESS_KEY,
                SECRET,
                "bedrock",
                NOW,
                BODY,
                r ->
                    r.putHeader(
                        "x-amz-content-sha256",
                        SigV4Hashes.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8))),
                true),
            "{}");

    assertDenied(
        () -> verifier.verify(request),
        "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  @Test
  void anUnsignedPayload_isRefused() {
    // The SDK leaves the payload unsigned only over TLS.
    SignedRequest request =
        signed(ACCESS_KEY, SECRET, "bedrock", NOW, BODY, r -> r.protocol("https").port(443), false);

    assertThat(request.header("x-amz-content-sha256")).containsExactly("UNSIGNED-PAYLOAD");
    assertDenied(() -> verifier.verify(request), "unsigned and streaming payloads are not accepted");
  }

  @Test
  void aTamperedSignedHeader_orPathOrQuery_isRefused() {
    SignedRequest request = signed(r -> r.putHeader("x-amz-user-agent", "sdk"));
    SignedRequest otherPath =
        new SignedRequest(
            request.method(),
            request.rawPath().replace("haiku", "opus"),
            request.rawQuery(),
            request.headers(),
            request.body());
    SignedRequest otherQuery =
        new SignedRequest(
            request.method(), request.rawPath(), "x=1", request.headers(), request.body());

    for (SignedRequest tampered :
        List.of(
            withHeader(request, "x-amz-user-agent", "other"),
            withHeader(request, "host", "evil.example:8080"),
            otherPath,
            otherQuery)) {
      assertDenied(() -> verifier.verify(tampered), "does not match the signature you provided");
    }
  }

  @Test
  void anExpiredOrFutureSignature_isRefused() {
    SignedRequest old =
        signed(ACCESS_KEY, SECRET, "bedrock", NOW.minus(Duration.ofMinutes(6)), BODY, r -> r, true);
    SignedRequest future =
        signed(ACCESS_KEY, SECRET, "bedrock", NOW.plus(Duration.ofMinutes(6)), BODY, r -> r, true);

    assertDenied(
        () -> verifier.verify(old),
        "Signature expired: 20250301T085400Z is now earlier than 20250301T085500Z"
            + " (20250301T090000Z - 5 min.)");
    assertDenied(
        () -> verifier.verify(future),
        "Signature not yet current: 20250301T090600Z is still later than 20250301T090500Z");
  }

  @Test
  void anUnknownOrRevokedAccessKey_isAnInvalidToken() {
    SignedRequest unknown =
        signed("AKSTUNKNOWN000000001", SECRET, "bedrock", NOW, BODY, r -> r, true);
    SignedRequest revoked =
        signed("AKSTREVOKED000000001", SECRET, "bedrock", NOW, BODY, r -> r, true);

    assertDenied(
        () -> verifier.verify(unknown), "The security token included in the request is invalid");
    assertDenied(
        () -> verifier.verify(revoked), "The security token included in the request is invalid");
  }

  @Test
  void anotherService_isRefused() {
    SignedRequest request = signed(ACCESS_KEY, SECRET, "s3", NOW, BODY, r -> r, true);

    assertDenied(
        () -> verifier.verify(request), "Credential should be scoped to correct service: 'bedrock'");
  }

  @Test
  void aSessionToken_isRefused() {
    SignedRequest request = signed(r -> r.putHeader("X-Amz-Security-Token", "FwoGZXIvYXdzE"));

    assertDenied(
        () -> verifier.verify(request), "The security token included in the request is invalid");
  }

  @Test
  void malformedOrMissingAuthorization_isRefusedClearly() {
    SignedRequest request = signed();

    assertThat(verifier.isSigned(Map.of("authorization", List.of("Bearer sk-strata-x")))).isFalse();
    assertDenied(
        () -> verifier.verify(withHeader(request, "authorization", "Bearer sk-strata-x")),
        "AWS4-HMAC-SHA256");
    assertDenied(
        () ->
            verifier.verify(
                withHeader(
                    request,
                    "authorization",
                    "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/20250301/us-east-1/bedrock/aws4_request")),
        "requires 'SignedHeaders' parameter");
    assertDenied(
        () -> verifier.verify(withHeader(request, "x-amz-date", "yesterday")),
        "ISO8601 basic format");
    assertDenied(
        () ->
            verifier.verify(
                withHeader(
                    request,
                    "authorization",
                    request.header("authorization").get(0).replace("/20250301/", "/20250302/"))),
        "Date in Credential scope does not match");
  }
}
