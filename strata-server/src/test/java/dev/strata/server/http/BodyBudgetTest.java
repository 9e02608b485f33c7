package dev.strata.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {
  @Test
  void takesWhatFits_andRefusesTheRestWithoutTakingAnyOfIt() {
    BodyBudget budget = new BodyBudget(100);

    assertThat(budget.tryTake(60)).isTrue();
    assertThat(budget.tryTake(41)).isFalse();
    assertThat(budget.held()).isEqualTo(60);
    assertThat(budget.tryTake(40)).isTrue();
    assertThat(budget.held()).isEqualTo(100);
  }

  @Test
  void bytesGivenBack_canBeTakenAgain() {
    BodyBudget budget = new BodyBudget(100);
    budget.tryTake(100);

    budget.giveBack(30);

    assertThat(budget.held()).isEqualTo(70);
    assertThat(budget.tryTake(30)).isTrue();
    assertThat(budget.tryTake(1)).isFalse();
  }

  @Test
  void concurrentTakers_neverHoldMoreThanTheCapacity() throws Exception {
    BodyBudget budget = new BodyBudget(1_000);
    AtomicLong mostSeen = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int share = 90 + t * 17;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitQuietly(start);
                    for (int i = 0; i < 20_000; i++) {
                      if (budget.tryTake(share)) {
                        mostSeen.accumulateAndGet(budget.held(), Math::max);
                        budget.giveBack(share);
                      }
                    }
                  }));
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(mostSeen.get()).isPositive().isLessThanOrEqualTo(1_000);
    assertThat(budget.held()).isZero();
  }

  @Test
  void aRefusal_isCounted_andIsAnOverloadWithARetryHint() {
    BodyBudget budget = new BodyBudget(4_096);

    var failure = budget.refuse();

    assertThat(budget.refusals()).isEqualTo(1);

    assertThat(failure.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(failure.code()).contains("server_overloaded");
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(failure.getMessage()).contains("4096 bytes of request bodies");
  }

  @Test
  void negativeAmountsAndAnEmptyBudget_areRefused() {
    assertThatThrownBy(() -> new BodyBudget(0)).isInstanceOf(IllegalArgumentException.class);
    BodyBudget budget = new BodyBudget(10);
    assertThatThrownBy(() -> budget.tryTake(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> budget.giveBack(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
