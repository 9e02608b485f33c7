package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long scans of raw records (reports by tag, tier advice) take turns two at a time, so however
 * many are asked for at once, the short reads every page and request needs still find a reader.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatabaseScanTest {
  @TempDir Path dir;

  @Test
  void whileTwoScansRun_aThirdWaits_andShortReadsGoOn() throws Exception {
    try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"))) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch twoRunning = new CountDownLatch(2);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger mostAtOnce = new AtomicInteger();
      List<Thread> scans = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        scans.add(
            Thread.ofVirtual()
                .start(
                    () ->
                        database.scan(
                            "a long scan",
                            connection -> {
                              mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                              twoRunning.countDown();
                              awaitUninterruptibly(release);
                              running.decrementAndGet();
                              return null;
                            })));
      }
      assertThat(twoRunning.await(10, TimeUnit.SECONDS)).isTrue();
      awaitWaiting(database, 1);

      // Two readers are held by scans and the third scan waits: short reads still run, from
      // virtual threads as the server calls them.
      List<Integer> answers = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 8; i++) {
        Thread read =
            Thread.ofVirtual()
                .start(() -> answers.add(database.read("a short read", c -> 42)));
        assertThat(read.join(Duration.ofSeconds(10))).isTrue();
      }
      assertThat(answers).hasSize(8).containsOnly(42);
      assertThat(running.get()).isEqualTo(2);

      release.countDown();
      for (Thread scan : scans) {
        assertThat(scan.join(Duration.ofSeconds(10))).isTrue();
      }
      assertThat(mostAtOnce.get()).isEqualTo(2);
      assertThat(database.scansWaiting()).isZero();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitWaiting(Database database, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (database.scansWaiting() != expected) {
      assertThat(System.nanoTime()).as("%d scans waiting", expected).isLessThan(deadline);
      Thread.onSpinWait();
      Thread.sleep(1);
    }
  }
}
