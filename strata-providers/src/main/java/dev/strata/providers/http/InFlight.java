package dev.strata.providers.http;

import io.vertx.core.http.HttpClientRequest;

/**
 * The request of one upstream call, so that the calling thread can abort it — even when it gives up
 * before the connection was made, in which case the request is reset as soon as it exists.
 */
final class InFlight {
  private HttpClientRequest request;
  private boolean aborted;

  /** Records the request; false (and the request reset) when the call was already aborted. */
  synchronized boolean attach(HttpClientRequest sent) {
    if (aborted) {
      sent.reset();
      return false;
    }
    request = sent;
    return true;
  }

  /**
   * Resets the request, which closes an HTTP/1.1 connection instead of returning it to the pool.
   */
  synchronized void abort() {
    if (!aborted) {
      aborted = true;
      if (request != null) {
        request.reset();
      }
    }
  }
}
