package dev.strata.store.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.strata.core.cache.SemanticMatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The index's bookkeeping — scopes, expiry, removal, the size bound — with a fast embedder. */
class LuceneSemanticIndexTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private final MutableClock clock = new MutableClock(START);
  private LuceneSemanticIndex index = index(10_000);

  private LuceneSemanticIndex index(int maxEntries) {
    return new LuceneSemanticIndex(
        new TextSeededEmbedder(),
        new Verifier(),
        new SemanticIndexOptions(0.9, maxEntries, 2_000),
        clock);
  }

  @AfterEach
  void close() {
    index.close();
  }

  private Optional<String> find(String scope, String prompt) {
    return index.find(scope, prompt, clock.instant()).map(SemanticMatch::entryId);
  }

  @Test
  void samePrompt_inSameScope_matches() {
    index.add("tenant-a/m", "how do volcanoes form", "e1", START.plus(HOUR));

    Optional<SemanticMatch> match = index.find("tenant-a/m", "how do volcanoes form", START);

    assertThat(match).map(SemanticMatch::entryId).contains("e1");
    assertThat(match.orElseThrow().similarity()).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void samePrompt_inAnotherScope_doesNotMatch() {
    index.add("tenant-a/m", "how do volcanoes form", "e1", START.plus(HOUR));

    assertThat(find("tenant-b/m", "how do volcanoes form")).isEmpty();
    assertThat(find("tenant-a/other-model", "how do volcanoes form")).isEmpty();
  }

  @Test
  void scopesStayApart_afterTheSearcherIsRefreshed() {
    for (int i = 0; i < 1_100; i++) {
      index.add("tenant-b/m", "unrelated prompt " + i, "b" + i, START.plus(HOUR));
    }
    index.add("tenant-a/m", "how do volcanoes form", "a", START.plus(HOUR));
    for (int i = 0; i < 1_100; i++) {
      index.add("tenant-c/m", "filler question number " + i, "c" + i, START.plus(HOUR));
    }

    assertThat(find("tenant-b/m", "how do volcanoes form")).isEmpty();
    assertThat(find("tenant-a/m", "how do volcanoes form")).contains("a");
  }

  @Test
  void entry_isNotReturnedOncePastItsExpiry() {
    index.add("s", "how do volcanoes form", "e1", START.plus(HOUR));

    assertThat(index.find("s", "how do volcanoes form", START.plus(HOUR).minusMillis(1)))
        .isPresent();
    assertThat(index.find("s", "how do volcanoes form", START.plus(HOUR))).isEmpty();
    assertThat(index.find("s", "how do volcanoes form", START.plus(HOUR).plusSeconds(5)))
        .isEmpty();
  }

  @Test
  void expiredEntries_arePruned_asLaterEntriesArrive() {
    index.add("s", "how do volcanoes form", "short", START.plus(Duration.ofMinutes(1)));
    index.add("s", "why is the sky blue", "long", START.plus(HOUR));
    assertThat(index.size()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(2));
    index.add("s", "what do whales eat", "later", START.plus(HOUR));

    assertThat(index.size()).isEqualTo(2);
    assertThat(find("s", "why is the sky blue")).contains("long");
  }

  @Test
  void remove_forgetsTheEntry_evenAfterTheSearcherShowedIt() {
    index.add("s", "how do volcanoes form", "e1", START.plus(HOUR));
    for (int i = 0; i < 1_100; i++) {
      index.add("s", "filler question number " + i, "f" + i, START.plus(HOUR));
    }
    assertThat(find("s", "how do volcanoes form")).contains("e1");

    index.remove("e1");

    assertThat(find("s", "how do volcanoes form")).isEmpty();
    assertThat(index.size()).isEqualTo(1_100);
  }

  @Test
  void removeScope_forgetsEveryScopeUnderThePrefix_andNothingElse() {
    index.add("tenant-a/m1", "how do volcanoes form", "a1", START.plus(HOUR));
    index.add("tenant-a/m2", "how do volcanoes form", "a2", START.plus(HOUR));
    index.add("tenant-b/m1", "how do volcanoes form", "b1", START.plus(HOUR));

    index.removeScope("tenant-a/");

    assertThat(find("tenant-a/m1", "how do volcanoes form")).isEmpty();
    assertThat(find("tenant-a/m2", "how do volcanoes form")).isEmpty();
    assertThat(find("tenant-b/m1", "how do volcanoes form")).contains("b1");
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void sizeBound_evictsTheOldestEntry() {
    index.close();
    index = index(3);
    index.add("s", "how do volcanoes form", "first", START.plus(HOUR));
    index.add("s", "why is the sky blue", "second", START.plus(HOUR));
    index.add("s", "what do whales eat", "third", START.plus(HOUR));

    index.add("s", "where do rivers begin", "fourth", START.plus(HOUR));

    assertThat(index.size()).isEqualTo(3);
    assertThat(find("s", "how do volcanoes form")).isEmpty();
    assertThat(find("s", "why is the sky blue")).contains("second");
    assertThat(find("s", "where do rivers begin")).contains("fourth");
  }

  @Test
  void sizeBound_holdsOverManyEntries() {
    index.close();
    index = index(500);
    for (int i = 0; i < 2_000; i++) {
      index.add("s", "question about topic " + i, "q" + i, START.plus(HOUR));
    }

    assertThat(index.size()).isEqualTo(500);
    assertThat(find("s", "question about topic 1999")).contains("q1999");
    assertThat(find("s", "question about topic 10")).isEmpty();
  }

  @Test
  void readdingAnEntry_replacesItsPrompt() {
    index.add("s", "how do volcanoes form", "e1", START.plus(HOUR));

    index.add("s", "why is the sky blue", "e1", START.plus(HOUR));

    assertThat(find("s", "how do volcanoes form")).isEmpty();
    assertThat(find("s", "why is the sky blue")).contains("e1");
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void overlongAndBlankPrompts_areNeitherStoredNorMatched() {
    String longPrompt = "why ".repeat(600);
    index.add("s", longPrompt, "long", START.plus(HOUR));
    index.add("s", "   ", "blank", START.plus(HOUR));

    assertThat(index.size()).isZero();
    assertThat(find("s", longPrompt)).isEmpty();
  }

  @Test
  void everyAddedEntry_isFound_whileOtherThreadsAdd() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<String>>> missing = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        missing.add(
            threads.submit(
                () -> {
                  List<String> notFound = new ArrayList<>();
                  for (int i = 0; i < 700; i++) {
                    String prompt = "thread " + thread + " asks question " + i;
                    String id = thread + "-" + i;
                    index.add("s", prompt, id, START.plus(HOUR));
                    if (!find("s", prompt).equals(Optional.of(id))) {
                      notFound.add(id);
                    }
                  }
                  return notFound;
                }));
      }
      for (Future<List<String>> result : missing) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEmpty();
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
