package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadThreadsTest {
  private final ReadThreads reads = new ReadThreads(2);

  @AfterEach
  void close() {
    reads.close();
  }

  @Test
  void call_fromAVirtualThread_runsOnAPlatformThreadOfThePool() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    AtomicReference<String> result = new AtomicReference<>();

    Thread caller = Thread.ofVirtual().start(() -> result.set(readOn(ranOn)));
    caller.join();

    assertThat(result.get()).isEqualTo("rows");
    assertThat(ranOn.get().isVirtual()).isFalse();
    assertThat(ranOn.get().getName()).startsWith("strata-db-read-");
  }

  @Test
  void call_fromAPlatformThread_runsInPlace() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();

    assertThat(readOn(ranOn)).isEqualTo("rows");
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void call_passesTheReadsOwnExceptionToTheCaller() throws Exception {
    SQLException bad = new SQLException("no such table: usage_records");
    AtomicReference<Throwable> thrown = new AtomicReference<>();

    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    reads.call(
                        () -> {
                          throw bad;
                        });
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    caller.join();

    assertThat(thrown.get()).isSameAs(bad);
  }

  /**
   * The point of the pool: while long reads run, other virtual threads still get a carrier. Each
   * "long read" spins on the CPU until released — as a read in native code holds its thread — on
   * at least as many threads as there are carriers; run in place, they would hold every carrier.
   */
  @Test
  void longReads_leaveTheCarriersFreeForOtherVirtualThreads() throws Exception {
    int carriers = Runtime.getRuntime().availableProcessors();
    AtomicBoolean release = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(2);
    try {
      for (int i = 0; i < Math.max(2, carriers); i++) {
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    reads.call(
                        () -> {
                          started.countDown();
                          while (!release.get()) {
                            Thread.onSpinWait();
                          }
                          return null;
                        });
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

      CountDownLatch otherRan = new CountDownLatch(1);
      Thread.ofVirtual().start(otherRan::countDown);

      assertThat(otherRan.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      release.set(true);
    }
  }

  @Test
  void call_afterClose_isRefused() throws Exception {
    reads.close();
    AtomicReference<Throwable> thrown = new AtomicReference<>();

    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    reads.call(() -> "late");
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    caller.join();

    assertThat(thrown.get()).isInstanceOf(RejectedExecutionException.class);
  }

  private String readOn(AtomicReference<Thread> ranOn) {
    try {
      return reads.call(
          () -> {
            ranOn.set(Thread.currentThread());
            return "rows";
          });
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
