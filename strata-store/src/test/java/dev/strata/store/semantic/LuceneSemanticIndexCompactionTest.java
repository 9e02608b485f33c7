package dev.strata.store.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.cache.SemanticMatch;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idle compaction: segments left by refreshes are merged into one, and nothing is lost. */
class LuceneSemanticIndexCompactionTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant EXPIRES = START.plus(Duration.ofHours(1));

  @TempDir Path home;

  private final MutableClock clock = new MutableClock(START);
  private LuceneSemanticIndex index;

  private LuceneSemanticIndex open() {
    index =
        new LuceneSemanticIndex(
            new TextSeededEmbedder(),
            new Verifier(),
            new SemanticIndexOptions(0.9, 100_000, 2_000),
            clock,
            home.resolve("semantic-index"));
    return index;
  }

  @AfterEach
  void close() {
    if (index != null) {
      index.close();
    }
  }

  @Test
  void compact_mergesTheRefreshesSegmentsIntoOne_andEveryEntryIsStillFound() {
    open();
    addMany(5_000);
    assertThat(index.segments()).isGreaterThan(1);

    index.compact();

    assertThat(index.segments()).isEqualTo(1);
    assertThat(index.size()).isEqualTo(5_000);
    for (int i = 0; i < 5_000; i += 499) {
      assertThat(find("question number " + i)).contains("e" + i);
    }
  }

  @Test
  void compactIfIdle_waitsForAQuietSpell_andDoesNotRepeatWithoutNewEntries() {
    open();
    addMany(3_000);

    clock.advance(LuceneSemanticIndex.IDLE_BEFORE_COMPACTION.minusSeconds(1));
    assertThat(index.compactIfIdle()).isFalse();
    assertThat(index.segments()).isGreaterThan(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(index.compactIfIdle()).isTrue();
    assertThat(index.segments()).isEqualTo(1);
    assertThat(index.compactIfIdle()).isFalse();

    index.add("s", "one more question", "late", EXPIRES);
    clock.advance(LuceneSemanticIndex.IDLE_BEFORE_COMPACTION);
    assertThat(index.compactIfIdle()).isTrue();
    assertThat(find("one more question")).contains("late");
  }

  @Test
  void close_stopsTheCompactionThread_andDeletesTheIndexFiles() throws InterruptedException {
    open();
    index.startIdleCompaction(Duration.ofMillis(10));
    addMany(2_000);
    clock.advance(LuceneSemanticIndex.IDLE_BEFORE_COMPACTION);
    Thread compaction = compactionThread();
    assertThat(compaction).isNotNull();

    index.close();
    index = null;

    assertThat(compaction.isAlive()).isFalse();
    assertThat(home.resolve("semantic-index")).doesNotExist();
  }

  private void addMany(int count) {
    for (int i = 0; i < count; i++) {
      index.add("s", "question number " + i, "e" + i, EXPIRES);
    }
  }

  private Optional<String> find(String prompt) {
    return index.find("s", prompt, clock.instant()).map(SemanticMatch::entryId);
  }

  private static Thread compactionThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("semantic-index-compaction"))
        .findFirst()
        .orElse(null);
  }
}
