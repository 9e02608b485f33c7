package dev.strata.providers.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Sleeper} that only records the pauses it is asked for, so retry tests run at once. */
public final class RecordingSleeper implements Sleeper {
  private final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    pauses.add(duration);
  }

  public List<Duration> pauses() {
    return List.copyOf(pauses);
  }
}
