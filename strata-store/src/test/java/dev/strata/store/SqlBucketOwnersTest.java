package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlBucketOwnersTest {
  private static final Principal ACME = new Principal("k1", "acme", "", "", Map.of());
  private static final Principal ACME_COLLEAGUE = new Principal("k2", "acme", "ml", "", Map.of());
  private static final Principal GLOBEX = new Principal("k3", "globex", "", "", Map.of());

  @TempDir Path dir;
  private final List<Database> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }

  private SqlBucketOwners owners() {
    Database database = Database.open("jdbc:sqlite:" + dir.resolve("strata.db"));
    opened.add(database);
    return new SqlBucketOwners(database, Clock.systemUTC());
  }

  @Test
  void theFirstTenantToUseABucketOwnsIt_andOthersAreRefused() {
    SqlBucketOwners owners = owners();
    owners.claim(ACME, "reports");
    owners.claim(ACME_COLLEAGUE, "reports"); // the same tenant, another key

    assertThatThrownBy(() -> owners.claim(GLOBEX, "reports"))
        .isInstanceOfSatisfying(StrataException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
          assertThat(e).hasMessageContaining("reports");
        });
    owners.claim(GLOBEX, "globex-data");
  }

  @Test
  void ownershipIsSharedByEveryInstanceOnTheStore() {
    owners().claim(ACME, "shared-name");

    assertThatThrownBy(() -> owners().claim(GLOBEX, "shared-name"))
        .isInstanceOf(StrataException.class);
  }

  @Test
  void racingFirstClaims_leaveExactlyOneOwner() throws Exception {
    List<SqlBucketOwners> instances = List.of(owners(), owners(), owners(), owners());
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      SqlBucketOwners owners = instances.get(i);
      Principal tenant = new Principal("k" + i, "tenant-" + i, "", "", Map.of());
      done.add(threads.submit(() -> {
        start.await();
        try {
          owners.claim(tenant, "contested");
          winners.add(tenant.tenant());
        } catch (StrataException refused) {
          // another tenant was first
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : done) {
      future.get();
    }
    threads.shutdown();

    assertThat(winners).hasSize(1);
  }
}
