package dev.strata.providers.http;

/**
 * Takes a successful streamed response body on the event loop that reads it, chunk by chunk, so
 * that a relay forwards each chunk from the thread that received it. It must never block.
 */
public interface BodyConsumer {
  /**
   * The next bytes of the body, in order. Throwing stops the stream: the request is aborted and
   * the caller waiting in {@link UpstreamClient#relay} gets the same exception.
   */
  void accept(byte[] bytes);

  /**
   * Asked after each chunk: true to go on reading; false to pause the response until {@code
   * onReady} runs (from any thread), which the consumer then promises to do once.
   */
  default boolean ready(Runnable onReady) {
    return true;
  }

  /**
   * Asked after each chunk: true once the consumer has the whole answer (an end marker such as
   * {@code [DONE]}). The call then returns at once, and what is left of the body — normally
   * nothing — is discarded on the event loop, the request aborted if the body has not ended
   * within a second.
   */
  default boolean complete() {
    return false;
  }
}
