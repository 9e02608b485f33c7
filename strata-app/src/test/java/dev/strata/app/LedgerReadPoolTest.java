package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerReadPoolTest {
  private final LedgerReadPool pool = new LedgerReadPool(2);

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void call_runsTheReadOnAPlatformThreadOfThePool_andReturnsItsResult() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    AtomicReference<String> result = new AtomicReference<>();

    Thread caller =
        Thread.ofVirtual()
            .start(
                () ->
                    result.set(
                        pool.call(
                            () -> {
                              ranOn.set(Thread.currentThread());
                              return "report";
                            })));
    caller.join();

    assertThat(result.get()).isEqualTo("report");
    assertThat(ranOn.get().isVirtual()).isFalse();
    assertThat(ranOn.get().getName()).startsWith("strata-ledger-read-");
  }

  @Test
  void call_passesTheReadsOwnExceptionToTheCaller() {
    IllegalArgumentException bad = new IllegalArgumentException("unknown grouping");

    assertThatThrownBy(() -> pool.call(() -> {
              throw bad;
            }))
        .isSameAs(bad);
  }

  @Test
  void call_afterClose_isRefused() {
    pool.close();

    assertThatThrownBy(() -> pool.call(() -> "late"))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }
}
