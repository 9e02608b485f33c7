package dev.strata.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.providers.http.ResponseHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BedrockErrorsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static StrataException answered(int status, Map<String, String> headers, String body) {
    Map<String, List<String>> multi = new java.util.LinkedHashMap<>();
    headers.forEach((name, value) -> multi.put(name, List.of(value)));
    return BedrockErrors.forStatus(
        "bedrock", status, ResponseHeaders.of(multi), body.getBytes(StandardCharsets.UTF_8), CLOCK);
  }

  private static StrataException answered(int status, String type, String message) {
    return answered(status, Map.of("x-amzn-ErrorType", type), "{\"message\":\"" + message + "\"}");
  }

  @Test
  void errorTypeHeader_isReadUpToItsColon() {
    StrataException e =
        answered(
            429,
            "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
            "Too many requests");

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).isEqualTo("upstream 'bedrock' is throttling requests: Too many requests");
  }

  @Test
  void eachBedrockError_mapsToTheKindThatSaysWhatToDo() {
    assertThat(answered(503, "ServiceUnavailableException", "m").kind())
        .isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(answered(500, "InternalServerException", "m").kind())
        .isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(answered(429, "ModelNotReadyException", "m").kind())
        .isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(answered(408, "ModelTimeoutException", "m").kind())
        .isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    assertThat(answered(400, "ValidationException", "m").kind())
        .isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(answered(404, "ResourceNotFoundException", "m").kind())
        .isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(answered(424, "ModelErrorException", "m").kind())
        .isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(answered(503, "ServiceUnavailableException", "m").isRetryable()).isTrue();
    assertThat(answered(400, "ValidationException", "m").isRetryable()).isFalse();
  }

  @Test
  void accessDenied_neverQuotesBedrocksText() {
    StrataException e = answered(403, "AccessDeniedException", "key AKIDSECRETPART is not allowed");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage())
        .isEqualTo("Bedrock rejected Strata's credentials (upstream 'bedrock')")
        .doesNotContain("AKIDSECRETPART");
  }

  @Test
  void unknownTypes_fallBackOnTheStatus() {
    assertThat(answered(429, "SomethingNewException", "m").kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(answered(502, Map.of(), "<html>Bad gateway</html>").kind())
        .isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(answered(408, Map.of(), "").kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    StrataException forbidden = answered(403, "UnrecognizedClientException", "bad token");
    assertThat(forbidden.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(forbidden.getMessage()).isEqualTo("upstream 'bedrock' answered 403: bad token");
  }

  @Test
  void typeInTheBody_andCapitalisedMessage_areRead() {
    StrataException e =
        answered(
            400,
            Map.of(),
            "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"Message\":\"bad\"}");

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.getMessage()).endsWith("rejected the request: bad");
  }

  @Test
  void retryAfter_isKept() {
    StrataException e =
        answered(
            503,
            Map.of("x-amzn-ErrorType", "ServiceUnavailableException", "Retry-After", "7"),
            "{\"message\":\"busy\"}");

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void streamedExceptions_mapLikeTheirErrorAnswers() {
    assertThat(streamed("throttlingException").kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(streamed("serviceUnavailableException").kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(streamed("internalServerException").kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(streamed("modelTimeoutException").kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    assertThat(streamed("validationException").kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    StrataException model = streamed("modelStreamErrorException");
    assertThat(model.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(model.getMessage()).isEqualTo("upstream 'bedrock' model failed while streaming: why");
    assertThat(streamed("somethingElse").getMessage())
        .isEqualTo("upstream 'bedrock' sent somethingElse mid-stream: why");
  }

  @Test
  void streamedError_withCodeAndMessageHeaders_isAnUpstreamError() {
    StrataException e = BedrockErrors.forStreamedError("bedrock", "InternalFailure", "oops");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    assertThat(e.getMessage()).contains("InternalFailure").contains("oops");
  }

  private static StrataException streamed(String type) {
    return BedrockErrors.forStreamed(
        "bedrock", type, "{\"message\":\"why\"}".getBytes(StandardCharsets.UTF_8));
  }
}
