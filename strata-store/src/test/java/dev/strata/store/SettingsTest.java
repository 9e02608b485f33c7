package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SettingsTest {
  @TempDir Path dir;

  @Test
  void putAndGet_storeTheLatestValue() {
    try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"))) {
      Settings settings = new Settings(database);

      assertThat(settings.get("colour")).isEmpty();
      settings.put("colour", "blue");
      assertThat(settings.get("colour")).contains("blue");
      settings.put("colour", "green");
      assertThat(settings.get("colour")).contains("green");
    }
  }

  @Test
  void putIfAbsent_keepsTheFirstValue() {
    try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"))) {
      Settings settings = new Settings(database);

      assertThat(settings.putIfAbsent("admin_key_hash", "first")).isTrue();
      assertThat(settings.putIfAbsent("admin_key_hash", "second")).isFalse();
      assertThat(settings.get("admin_key_hash")).contains("first");
    }
  }

  @Test
  void putIfAbsent_racingDatabases_agreeOnOneWinner() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("strata.db");
    int racers = 8;
    List<Database> databases = List.of(Database.open(url), Database.open(url));
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      for (int round = 0; round < 10; round++) {
        String name = "admin_key_hash_" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> won = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          Settings settings = new Settings(databases.get(i % 2));
          String value = "value-" + i;
          won.add(
              pool.submit(
                  () -> {
                    start.await();
                    return settings.putIfAbsent(name, value);
                  }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> result : won) {
          winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
        String agreed = new Settings(databases.get(0)).get(name).orElseThrow();
        assertThat(new Settings(databases.get(1)).get(name)).contains(agreed);
      }
    } finally {
      pool.shutdownNow();
      databases.forEach(Database::close);
    }
  }
}
