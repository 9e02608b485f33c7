package dev.strata.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, up to a deadline, until {@code GET /health} answers 200. */
final class HealthCheck {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  private HealthCheck() {}

  /**
   * @param alive asked between attempts; the wait ends early, with an error, once it says no
   */
  static void await(URI baseUri, Duration timeout, BooleanSupplier alive)
      throws InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ATTEMPT_TIMEOUT)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(baseUri.resolve("/health")).timeout(ATTEMPT_TIMEOUT).GET().build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() - deadline < 0) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException("the gateway exited before " + request.uri() + " answered");
      }
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          return;
        }
        last = "status " + status;
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(POLL_INTERVAL);
    }
    throw new IllegalStateException(
        request.uri() + " did not answer 200 within " + timeout + " (last: " + last + ")");
  }
}
