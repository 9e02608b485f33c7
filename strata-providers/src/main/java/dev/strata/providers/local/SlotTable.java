package dev.strata.providers.local;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's parallel slots, each with its own KV cache, and which prompt each cache holds. A
 * request takes the free slot whose cached prompt shares the longest token prefix with its own, so
 * requests with a common prefix (a long system prompt, an earlier turn) reuse the cache — unless
 * that would throw away a much larger cache for a small gain, in which case it takes an empty or
 * the least recently used slot. A request that finds no free slot waits, for a bounded time.
 */
final class SlotTable {
  private static final int[] EMPTY = new int[0];

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private final boolean[] busy;
  private final int[][] cachedPrompt;
  private final int[] cachedLength;
  private final long[] lastUsed;
  private long clock;
  private int waiting;
  private boolean closed;

  SlotTable(int slots) {
    busy = new boolean[slots];
    cachedPrompt = new int[slots][];
    cachedLength = new int[slots];
    lastUsed = new long[slots];
    for (int i = 0; i < slots; i++) {
      cachedPrompt[i] = EMPTY;
    }
  }

  /**
   * A slot held for one generation, and how many of its prompt's tokens llama.cpp will take from
   * the slot's cache instead of evaluating them: the common prefix, but never the whole prompt,
   * since the last token is always evaluated to produce the first answer token.
   */
  record Lease(int slot, int reusedTokens) {}

  /**
   * Takes a slot for {@code prompt}, waiting up to {@code wait} for one to be free.
   *
   * @throws StrataException {@link ErrorKind#UNAVAILABLE} (retryable) when no slot frees in time or
   *     the engine closes
   */
  Lease acquire(int[] prompt, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    lock.lock();
    try {
      waiting++;
      try {
        while (true) {
          if (closed) {
            throw unavailable("the local engine is shutting down");
          }
          int slot = choose(prompt);
          if (slot >= 0) {
            busy[slot] = true;
            int common = commonPrefix(cachedPrompt[slot], prompt);
            return new Lease(slot, Math.max(0, Math.min(common, prompt.length - 1)));
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw unavailable(
                "every slot of the local engine stayed busy for "
                    + wait.toMillis()
                    + " ms; try again shortly");
          }
          freed.awaitNanos(left);
        }
      } finally {
        waiting--;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StrataException.builder(
              ErrorKind.CLIENT_CLOSED, "interrupted while waiting for a local engine slot")
          .cause(e)
          .build();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Frees {@code slot}. Its cache now holds {@code prompt} followed by {@code generated} tokens; an
   * empty prompt says the cache content is unknown (the prompt was refused or never evaluated).
   */
  void release(int slot, int[] prompt, int generated) {
    lock.lock();
    try {
      busy[slot] = false;
      cachedPrompt[slot] = prompt;
      cachedLength[slot] = prompt.length == 0 ? 0 : prompt.length + generated;
      lastUsed[slot] = ++clock;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Frees {@code slot} whose generation never reached llama.cpp: its cache is as it was. */
  void releaseUnchanged(int slot) {
    lock.lock();
    try {
      busy[slot] = false;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Refuses every further request and wakes those waiting, who then fail as unavailable. */
  void close() {
    lock.lock();
    try {
      closed = true;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many slots are generating now. */
  int busySlots() {
    lock.lock();
    try {
      int count = 0;
      for (boolean b : busy) {
        if (b) {
          count++;
        }
      }
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** How many requests are waiting for a slot now. */
  int waitingRequests() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The free slot for {@code prompt}, or -1. A slot qualifies for reuse when its cache is wholly a
   * prefix of the prompt (nothing is lost; an empty slot is the trivial case) or when the common
   * prefix covers at least half the prompt; the qualifying slot with the longest common prefix
   * wins. Otherwise the least recently used free slot is overwritten.
   */
  private int choose(int[] prompt) {
    int best = -1;
    int bestCommon = -1;
    int oldest = -1;
    for (int slot = 0; slot < busy.length; slot++) {
      if (busy[slot]) {
        continue;
      }
      if (oldest < 0 || lastUsed[slot] < lastUsed[oldest]) {
        oldest = slot;
      }
      int common = commonPrefix(cachedPrompt[slot], prompt);
      boolean keepsWholeCache = common >= cachedLength[slot];
      boolean coversHalf = 2L * common >= prompt.length;
      boolean better =
          common > bestCommon || common == bestCommon && lastUsed[slot] < lastUsed[best];
      if ((keepsWholeCache || coversHalf) && better) {
        best = slot;
        bestCommon = common;
      }
    }
    return best >= 0 ? best : oldest;
  }

  static int commonPrefix(int[] a, int[] b) {
    int n = Math.min(a.length, b.length);
    int i = 0;
    while (i < n && a[i] == b[i]) {
      i++;
    }
    return i;
  }

  private static StrataException unavailable(String message) {
    return StrataException.builder(ErrorKind.UNAVAILABLE, message).build();
  }
}
