package dev.strata.providers.local;

import static java.util.Objects.requireNonNull;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import dev.strata.core.model.StopReason;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One answer being generated in one slot, on that slot's platform thread. It is the only thread
 * that touches the llama.cpp iterator, because a cancel from any other thread leaves the iterator
 * blocked forever; the caller asks for a cancel with {@link #requestCancel()} and the generating
 * thread carries it out after the next token. Text goes to the caller through a bounded buffer: a
 * caller that falls more than {@link #BUFFER} pieces behind holds up generation (and its slot)
 * rather than making the engine buffer without end. When the generation ends, however it ends, the
 * iterator is finished or cancelled and the slot is released before the outcome is published.
 */
final class Generation implements Runnable {
  /** How many pieces of text may wait for a slow caller. */
  static final int BUFFER = 256;

  /** How long a caller may stop reading before its generation is abandoned. */
  static final Duration CONSUMER_STALL = Duration.ofMinutes(5);

  private static final int[] NOTHING_CACHED = new int[0];
  private static final long OFFER_SLICE_MS = 50;
  private static final Logger LOG = System.getLogger(Generation.class.getName());

  /** How a generation ended. */
  sealed interface Outcome {
    /** It ended by itself, at EOS, at the token limit or at a stop sequence. */
    record Finished(StopReason reason, int completionTokens) implements Outcome {}

    /** It was cancelled on request before it ended. */
    record Cancelled(int completionTokens) implements Outcome {}

    /** llama.cpp failed, or the caller stopped reading for too long. */
    record Failed(RuntimeException error) implements Outcome {}
  }

  private final LlamaModel model;
  private final InferenceParameters params;
  private final StopMatcher stops;
  private final int maxTokens;
  private final SlotTable slots;
  private final SlotTable.Lease lease;
  private final int[] prompt;
  private final BlockingQueue<String> texts = new ArrayBlockingQueue<>(BUFFER);
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private final long created = System.nanoTime();
  private volatile boolean cancelRequested;

  // Written and read only by the generating thread.
  private boolean evaluated;
  private int chunks;
  private long firstToken;

  Generation(
      LlamaModel model,
      InferenceParameters params,
      StopMatcher stops,
      int maxTokens,
      SlotTable slots,
      SlotTable.Lease lease,
      int[] prompt) {
    this.model = requireNonNull(model, "model");
    this.params = requireNonNull(params, "params");
    this.stops = requireNonNull(stops, "stops");
    this.maxTokens = maxTokens;
    this.slots = requireNonNull(slots, "slots");
    this.lease = requireNonNull(lease, "lease");
    this.prompt = requireNonNull(prompt, "prompt");
  }

  /** Asks the generating thread to cancel after the token it is waiting for; returns at once. */
  void requestCancel() {
    cancelRequested = true;
  }

  /** The next piece of text, or null if none arrives within {@code wait}. */
  String nextText(Duration wait) throws InterruptedException {
    return texts.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The next piece of text if one is waiting, else null. */
  String nextTextNow() {
    return texts.poll();
  }

  /** Whether the generation has ended; every piece of its text is then in the buffer. */
  boolean isDone() {
    return outcome.isDone();
  }

  /** How it ended; only once {@link #isDone()}. */
  Outcome outcome() {
    return outcome.getNow(new Outcome.Failed(new IllegalStateException("still generating")));
  }

  /** Waits up to {@code wait} for the generation to end (and its slot to be free). */
  boolean awaitDone(Duration wait) {
    try {
      outcome.get(wait.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  @Override
  public void run() {
    Outcome result = null;
    LlamaIterator iterator = null;
    try {
      if (cancelRequested) {
        result = new Outcome.Cancelled(0);
      } else {
        iterator = model.generate(params).iterator();
        result = stream(iterator);
      }
    } catch (InterruptedException e) {
      result = new Outcome.Cancelled(chunks);
    } catch (RuntimeException e) {
      result = new Outcome.Failed(e);
    } finally {
      if (iterator != null && iterator.hasNext()) {
        cancel(iterator);
      }
      if (iterator == null) {
        slots.releaseUnchanged(lease.slot());
      } else {
        slots.release(lease.slot(), evaluated ? prompt : NOTHING_CACHED, chunks);
      }
      if (result == null) {
        result = new Outcome.Failed(new IllegalStateException("the generation thread failed"));
      }
      log(result);
      outcome.complete(result);
    }
  }

  /**
   * Reads the iterator until the answer ends or must stop, relaying text; a stop that leaves the
   * iterator unfinished is cancelled by {@link #run()}.
   */
  private Outcome stream(LlamaIterator iterator) throws InterruptedException {
    String last = null;
    while (iterator.hasNext()) {
      LlamaOutput output = iterator.next();
      evaluated = true;
      if (!iterator.hasNext()) {
        break; // the closing output of a stream carries no text
      }
      chunks++;
      last = output.text;
      if (firstToken == 0) {
        firstToken = System.nanoTime();
      }
      if (cancelRequested) {
        return new Outcome.Cancelled(chunks);
      }
      StopMatcher.Step step = stops.feed(output.text);
      Outcome interrupted = step.text().isEmpty() ? null : deliver(step.text());
      if (interrupted != null) {
        return interrupted;
      }
      if (step.stopped()) {
        return new Outcome.Finished(StopReason.STOP_SEQUENCE, chunks);
      }
    }
    String rest = stops.flush();
    Outcome interrupted = rest.isEmpty() ? null : deliver(rest);
    if (interrupted != null) {
      return interrupted;
    }
    // The EOS token arrives as an empty piece; a run cut by the token limit ends with text.
    return last == null || last.isEmpty()
        ? new Outcome.Finished(StopReason.END_TURN, chunks)
        : new Outcome.Finished(StopReason.MAX_TOKENS, maxTokens);
  }

  /** Hands {@code text} to the caller; null when it was taken, else why the generation ends. */
  private Outcome deliver(String text) throws InterruptedException {
    long deadline = System.nanoTime() + CONSUMER_STALL.toNanos();
    while (!texts.offer(text, OFFER_SLICE_MS, TimeUnit.MILLISECONDS)) {
      if (cancelRequested) {
        return new Outcome.Cancelled(chunks);
      }
      if (System.nanoTime() > deadline) {
        return new Outcome.Failed(
            new IllegalStateException(
                "the caller stopped reading the answer for "
                    + CONSUMER_STALL.toMinutes()
                    + " min"));
      }
    }
    return null;
  }

  private static void cancel(LlamaIterator iterator) {
    try {
      iterator.cancel();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cancelling a local generation failed", e);
    }
  }

  private void log(Outcome result) {
    if (!LOG.isLoggable(Level.DEBUG)) {
      return;
    }
    long now = System.nanoTime();
    double ttftMs = firstToken == 0 ? -1 : (firstToken - created) / 1e6;
    double seconds = firstToken == 0 ? 0 : (now - firstToken) / 1e9;
    LOG.log(
        Level.DEBUG,
        String.format(
            Locale.ROOT,
            "slot %d: %s; prompt %d tokens (%d reused), %d pieces, ttft %.1f ms, %.0f tokens/s",
            lease.slot(),
            result.getClass().getSimpleName(),
            prompt.length,
            lease.reusedTokens(),
            chunks,
            ttftMs,
            seconds > 0 ? (chunks - 1) / seconds : 0.0));
  }
}
