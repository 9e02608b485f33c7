package dev.strata.store.semantic;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The source of truth for which entries exist: a Lucene searcher may still show a removed or
 * replaced document until its next refresh, so every hit is checked here. Writers hold the index's
 * lock; {@link #isCurrent} is safe without it.
 */
final class LiveEntries {
  private record Live(long seq, String scope, Instant expiresAt) {}

  private record Admitted(String entryId, long seq) {}

  private final Map<String, Live> byId = new ConcurrentHashMap<>();
  private final ArrayDeque<Admitted> oldestFirst = new ArrayDeque<>();
  private long nextSeq;

  /** Records a new (or replacing) entry; returns its sequence number. */
  long admit(String entryId, String scope, Instant expiresAt) {
    long seq = nextSeq++;
    byId.put(entryId, new Live(seq, scope, expiresAt));
    oldestFirst.addLast(new Admitted(entryId, seq));
    if (oldestFirst.size() > 2 * byId.size() + 1024) {
      compact();
    }
    return seq;
  }

  boolean isCurrent(String entryId, long seq, Instant now) {
    Live live = byId.get(entryId);
    return live != null && live.seq() == seq && now.isBefore(live.expiresAt());
  }

  boolean remove(String entryId) {
    return byId.remove(entryId) != null;
  }

  List<String> removeScope(String scopePrefix) {
    return removeWhere(live -> live.scope().startsWith(scopePrefix));
  }

  List<String> removeExpired(Instant now) {
    return removeWhere(live -> !now.isBefore(live.expiresAt()));
  }

  /** Forgets the oldest entry still held and returns it; empty when none is held. */
  Optional<String> evictOldest() {
    for (Admitted admitted = oldestFirst.pollFirst();
        admitted != null;
        admitted = oldestFirst.pollFirst()) {
      Live live = byId.get(admitted.entryId());
      if (live != null && live.seq() == admitted.seq()) {
        byId.remove(admitted.entryId());
        return Optional.of(admitted.entryId());
      }
    }
    return Optional.empty();
  }

  int size() {
    return byId.size();
  }

  private List<String> removeWhere(Predicate<Live> condition) {
    List<String> removed = new ArrayList<>();
    byId.forEach(
        (id, live) -> {
          if (condition.test(live)) {
            removed.add(id);
          }
        });
    removed.forEach(byId::remove);
    return removed;
  }

  /** Drops queue records of entries since removed or replaced, so the queue stays bounded. */
  private void compact() {
    List<Admitted> current = new ArrayList<>(byId.size());
    byId.forEach((id, live) -> current.add(new Admitted(id, live.seq())));
    current.sort(Comparator.comparingLong(Admitted::seq));
    oldestFirst.clear();
    oldestFirst.addAll(current);
  }
}
