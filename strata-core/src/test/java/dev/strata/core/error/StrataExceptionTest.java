package dev.strata.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StrataExceptionTest {

  @ParameterizedTest
  @EnumSource(
      value = ErrorKind.class,
      names = {"UNAVAILABLE", "UPSTREAM_TIMEOUT", "RATE_LIMITED"})
  void builder_transientKinds_areRetryableByDefault(ErrorKind kind) {
    assertThat(StrataException.builder(kind, "m").build().isRetryable()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorKind.class,
      names = {"UNAVAILABLE", "UPSTREAM_TIMEOUT", "RATE_LIMITED"},
      mode = EnumSource.Mode.EXCLUDE)
  void builder_otherKinds_areNotRetryableByDefault(ErrorKind kind) {
    assertThat(StrataException.builder(kind, "m").build().isRetryable()).isFalse();
  }

  @Test
  void builder_retryableCanBeOverridden() {
    assertThat(
            StrataException.builder(ErrorKind.UPSTREAM_ERROR, "m")
                .retryable(true)
                .build()
                .isRetryable())
        .isTrue();
    assertThat(
            StrataException.builder(ErrorKind.RATE_LIMITED, "m")
                .retryable(false)
                .build()
                .isRetryable())
        .isFalse();
  }

  @Test
  void builder_carriesEveryDetail() {
    IllegalStateException cause = new IllegalStateException("root");
    StrataException e =
        StrataException.builder(ErrorKind.RATE_LIMITED, "slow down")
            .param("p")
            .code("rate_limit_exceeded")
            .retryAfter(Duration.ofSeconds(7))
            .cause(cause)
            .build();

    assertThat(e).hasMessage("slow down").hasCause(cause);
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.param()).contains("p");
    assertThat(e.code()).contains("rate_limit_exceeded");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void invalid_isA400NamingTheParameter() {
    StrataException e = StrataException.invalid("temperature", "too hot");

    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.param()).contains("temperature");
    assertThat(StrataException.invalid("bad").param()).isEmpty();
  }

  @Test
  void errorKinds_haveTheirHttpStatuses() {
    assertThat(ErrorKind.AUTHENTICATION.httpStatus()).isEqualTo(401);
    assertThat(ErrorKind.NOT_FOUND.httpStatus()).isEqualTo(404);
    assertThat(ErrorKind.QUOTA_EXCEEDED.httpStatus()).isEqualTo(429);
    assertThat(ErrorKind.UPSTREAM_ERROR.httpStatus()).isEqualTo(502);
    assertThat(ErrorKind.UNAVAILABLE.httpStatus()).isEqualTo(503);
    assertThat(ErrorKind.UPSTREAM_TIMEOUT.httpStatus()).isEqualTo(504);
    assertThat(ErrorKind.CLIENT_CLOSED.httpStatus()).isEqualTo(499);
    assertThat(StrataException.internal("boom", null).httpStatus()).isEqualTo(500);
  }
}
