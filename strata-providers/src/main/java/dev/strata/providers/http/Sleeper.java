package dev.strata.providers.http;

import java.time.Duration;

/** Pauses the calling thread between retries; tests substitute one that only records. */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the calling (virtual) thread. */
  Sleeper THREAD = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
