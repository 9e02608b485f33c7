package dev.strata.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamErrorsTest {

  @ParameterizedTest
  @CsvSource({
    "400, INVALID_REQUEST, false",
    "422, INVALID_REQUEST, false",
    "401, UPSTREAM_ERROR, false",
    "403, UPSTREAM_ERROR, false",
    "404, NOT_FOUND, false",
    "408, UPSTREAM_TIMEOUT, true",
    "409, UNAVAILABLE, true",
    "429, RATE_LIMITED, true",
    "500, UNAVAILABLE, true",
    "503, UNAVAILABLE, true",
    "529, UNAVAILABLE, true",
    "418, UPSTREAM_ERROR, false"
  })
  void forStatus_mapsEachStatusToAKind(int status, ErrorKind kind, boolean retryable) {
    StrataException e = UpstreamErrors.forStatus("up", status, "why", Optional.empty());
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.isRetryable()).isEqualTo(retryable);
  }

  @Test
  void forStatus_badRequestQuotesTheUpstream() {
    StrataException e =
        UpstreamErrors.forStatus("up", 400, "Invalid 'messages[0]'", Optional.empty());
    assertThat(e.getMessage()).contains("Invalid 'messages[0]'").contains("'up'");
  }

  @Test
  void forStatus_rejectedCredentialsNeverEchoTheUpstreamText() {
    StrataException e =
        UpstreamErrors.forStatus(
            "up", 401, "Incorrect API key provided: sk-abc***xyz", Optional.empty());
    assertThat(e.getMessage()).doesNotContain("sk-abc").contains("credentials");
  }

  @Test
  void forStatus_throttlingCarriesRetryAfter() {
    StrataException e =
        UpstreamErrors.forStatus("up", 429, "slow", Optional.of(Duration.ofSeconds(9)));
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(9));
  }

  @Test
  void forStatus_longMessagesAreCut() {
    StrataException e = UpstreamErrors.forStatus("up", 400, "x".repeat(5000), Optional.empty());
    assertThat(e.getMessage().length()).isLessThan(UpstreamErrors.MAX_QUOTED_CHARS + 100);
  }

  @Test
  void forTransport_mapsConnectFailuresAndTimeouts() {
    assertThat(UpstreamErrors.forTransport("up", new ConnectException("refused")).kind())
        .isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(
            UpstreamErrors.forTransport("up", new io.netty.channel.ConnectTimeoutException("slow"))
                .kind())
        .isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    assertThat(UpstreamErrors.forTransport("up", new TimeoutException()).kind())
        .isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    StrataException reset = UpstreamErrors.forTransport("up", new IOException("reset by peer"));
    assertThat(reset.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(reset.isRetryable()).isTrue();
  }
}
