package dev.strata.core.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it; safe to read and move from any thread. */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** A UTC clock showing {@code start}. */
  public ManualClock(Instant start) {
    this(new AtomicReference<>(requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = requireNonNull(zone, "zone");
  }

  /** A clock showing {@code start}, e.g. {@code "2025-06-01T12:00:00Z"}. */
  public static ManualClock at(String start) {
    return new ManualClock(Instant.parse(start));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /** Moves the clock forward (or, with a negative duration, back). */
  public void advance(Duration duration) {
    requireNonNull(duration, "duration");
    now.updateAndGet(current -> current.plus(duration));
  }

  public void set(Instant instant) {
    now.set(requireNonNull(instant, "instant"));
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time: moving one moves both. */
  @Override
  public Clock withZone(ZoneId newZone) {
    return new ManualClock(now, newZone);
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + ", " + zone + "]";
  }
}
