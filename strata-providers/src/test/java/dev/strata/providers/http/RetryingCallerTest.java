package dev.strata.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingCallerTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final RetryingCaller caller =
      new RetryingCaller(
          "up",
          new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(5)),
          sleeper,
          () -> 0);
  private final AtomicInteger attempts = new AtomicInteger();

  @Test
  void call_retriesRetryableFailuresUntilOneSucceeds() {
    String answer =
        caller.call(
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw failure(ErrorKind.UNAVAILABLE);
              }
              return "ok";
            });
    assertThat(answer).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
    assertThat(sleeper.pauses()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void call_throwsTheLastFailureOnceRetriesAreSpent() {
    assertThatThrownBy(() -> caller.call(() -> fail(ErrorKind.RATE_LIMITED)))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    assertThat(attempts).hasValue(3);
  }

  @Test
  void call_doesNotRetryWhatCannotSucceed() {
    assertThatThrownBy(() -> caller.call(() -> fail(ErrorKind.INVALID_REQUEST)))
        .isInstanceOf(StrataException.class);
    assertThat(attempts).hasValue(1);
    assertThat(sleeper.pauses()).isEmpty();
  }

  @Test
  void call_waitsExactlyAsLongAsRetryAfterAsks() {
    String answer =
        caller.call(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw throttled(Duration.ofSeconds(3));
              }
              return "ok";
            });
    assertThat(answer).isEqualTo("ok");
    assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void call_givesUpAtOnceWhenRetryAfterExceedsTheCap() {
    assertThatThrownBy(
            () ->
                caller.call(
                    () -> {
                      attempts.incrementAndGet();
                      throw throttled(Duration.ofSeconds(60));
                    }))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
            });
    assertThat(attempts).hasValue(1);
    assertThat(sleeper.pauses()).isEmpty();
  }

  @Test
  void call_neverRetriesOnceCommitted() {
    AtomicBoolean committed = new AtomicBoolean();
    assertThatThrownBy(
            () ->
                caller.call(
                    () -> {
                      attempts.incrementAndGet();
                      committed.set(true);
                      throw failure(ErrorKind.UNAVAILABLE);
                    },
                    committed::get))
        .isInstanceOf(StrataException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void call_letsOtherExceptionsThroughUntouched() {
    IllegalStateException bug = new IllegalStateException("bug");
    assertThatThrownBy(
            () ->
                caller.call(
                    () -> {
                      attempts.incrementAndGet();
                      throw bug;
                    }))
        .isSameAs(bug);
    assertThat(attempts).hasValue(1);
  }

  private String fail(ErrorKind kind) {
    attempts.incrementAndGet();
    throw failure(kind);
  }

  private static StrataException failure(ErrorKind kind) {
    return StrataException.builder(kind, "failed").build();
  }

  private static StrataException throttled(Duration retryAfter) {
    return StrataException.builder(ErrorKind.RATE_LIMITED, "slow down")
        .retryAfter(retryAfter)
        .build();
  }
}
