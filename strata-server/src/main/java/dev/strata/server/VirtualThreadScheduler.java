package dev.strata.server;

import dev.strata.server.http.EventLoopCarriers;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What carries the virtual threads that serve model calls answered whole, not streamed ({@code
 * server.virtualThreadScheduler}); streamed calls always run on the JDK's scheduler.
 */
public enum VirtualThreadScheduler {
  /**
   * The event loop that read the request ({@link EventLoopCarriers}); the JDK's scheduler where
   * this JVM does not allow it.
   */
  EVENT_LOOP("event-loop"),
  /** The JDK's own scheduler, a pool of platform threads apart from the event loops. */
  JDK("jdk");

  private final String configName;

  VirtualThreadScheduler(String configName) {
    this.configName = configName;
  }

  /** The value naming it in configuration, e.g. {@code event-loop}. */
  public String configName() {
    return configName;
  }

  /** The scheduler {@code name} names, if any; case and surrounding blanks are ignored. */
  public static Optional<VirtualThreadScheduler> named(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.configName.equals(wanted)).findFirst();
  }

  /** The accepted names, for error messages: {@code event-loop or jdk}. */
  public static String names() {
    return Arrays.stream(values())
        .map(VirtualThreadScheduler::configName)
        .collect(Collectors.joining(" or "));
  }
}
