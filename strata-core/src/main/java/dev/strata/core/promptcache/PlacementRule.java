package dev.strata.core.promptcache;

import static java.util.Objects.requireNonNull;

import dev.strata.core.money.Money;
import dev.strata.core.money.ModelPrice;
import dev.strata.core.money.TokenPrice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides where cache points pay: at a boundary whose prefix reaches the model's minimum and whose
 * expected reads save more than writing it costs — reads × (input − read price) × tokens >
 * (write price − input) × tokens, in exact money. A prefix seen before is expected to be read as
 * many times again as it has recurred; the newest end of a conversation whose earlier turns
 * recurred is expected to be read once, by the next turn. Of the worthwhile boundaries it prefers
 * the longest (a later cache point also caches everything before it), then the longest already
 * cached one (a sure read, whatever the provider's look-back), then the shared tools or system
 * prompt (read by other conversations), then the rest, longest first.
 */
final class PlacementRule {
  private final TokenPrice input;
  private final TokenPrice read;
  private final TokenPrice write;
  private final long minimumTokens;

  PlacementRule(ModelPrice price, long minimumTokens) {
    requireNonNull(price, "price");
    this.input = price.input();
    this.read = price.cacheReadPrice();
    this.write = price.cacheWrite5mPrice();
    this.minimumTokens = minimumTokens;
  }

  /**
   * The boundaries to mark, in prompt order, at most {@code slots}; {@code seenBefore[i]} is how
   * often boundary {@code i}'s prefix recurred within the cache lifetime.
   */
  List<Boundary> choose(List<Boundary> boundaries, int[] seenBefore, int slots) {
    if (boundaries.size() != seenBefore.length) {
      throw new IllegalArgumentException("one sighting count per boundary");
    }
    List<Integer> worthwhile = new ArrayList<>();
    boolean continuing = continuesConversation(boundaries, seenBefore);
    for (int i = 0; i < boundaries.size(); i++) {
      Boundary boundary = boundaries.get(i);
      long reads = expectedReads(boundaries, seenBefore, i, continuing);
      if (!boundary.marked() && pays(boundary.prefixTokens(), reads)) {
        worthwhile.add(i);
      }
    }
    if (slots <= 0 || worthwhile.isEmpty()) {
      return List.of();
    }
    worthwhile.sort(
        Comparator.comparingLong((Integer i) -> boundaries.get(i).prefixTokens()).reversed());
    Set<Integer> picked = new LinkedHashSet<>();
    picked.add(worthwhile.get(0));
    worthwhile.stream().filter(i -> seenBefore[i] > 0).findFirst().ifPresent(picked::add);
    worthwhile.stream()
        .filter(i -> boundaries.get(i).kind() != Boundary.Kind.MESSAGE)
        .findFirst()
        .ifPresent(picked::add);
    picked.addAll(worthwhile);
    return picked.stream().limit(slots).sorted().map(boundaries::get).toList();
  }

  /** Whether {@code tokens} read {@code reads} times save more than writing them costs extra. */
  boolean pays(long tokens, long reads) {
    if (tokens < minimumTokens || reads <= 0) {
      return false;
    }
    Money saving = input.times(tokens).minus(read.times(tokens)).times(reads);
    Money premium = write.times(tokens).minus(input.times(tokens));
    return saving.compareTo(premium) > 0;
  }

  private static boolean continuesConversation(List<Boundary> boundaries, int[] seenBefore) {
    for (int i = 0; i < boundaries.size() - 1; i++) {
      if (boundaries.get(i).kind() == Boundary.Kind.MESSAGE && seenBefore[i] > 0) {
        return true;
      }
    }
    return false;
  }

  private static long expectedReads(
      List<Boundary> boundaries, int[] seenBefore, int i, boolean continuing) {
    if (seenBefore[i] > 0) {
      return seenBefore[i];
    }
    boolean newest = i == boundaries.size() - 1;
    return newest && continuing && boundaries.get(i).kind() == Boundary.Kind.MESSAGE ? 1 : 0;
  }
}
