package dev.strata.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Where and how the server listens.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port to bind; 0 picks a free one ({@link StrataServer#port()} tells which)
 * @param maxBodyBytes the largest request body accepted; larger ones get 413 unread
 * @param maxBufferedBodyBytes the most bytes of request bodies held in memory at once, across all
 *     requests; a body that arrives when they are spent gets 503 (Anthropic: 529), retry after 1 s
 * @param idleTimeout how long a connection may stay silent both ways before it is closed; zero
 *     disables the timeout
 * @param scheduler what carries the virtual threads serving model calls answered whole
 */
public record ServerOptions(
    String host,
    int port,
    long maxBodyBytes,
    long maxBufferedBodyBytes,
    Duration idleTimeout,
    VirtualThreadScheduler scheduler) {
  /** 10 MiB, enough for a conversation with a few inline images. */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  /**
   * 32 MiB: thousands of ordinary requests or three of the largest at once, leaving room in
   * {@code bin/strata}'s 384 MB heap for what the server builds from them and for a full response
   * cache.
   */
  public static final long DEFAULT_MAX_BUFFERED_BODY_BYTES = 32L * 1024 * 1024;

  /** Long enough for a slow model to think before its first token. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

  /** Bodies are held in one array, so the limit stays well below 2 GiB. */
  static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 64;

  public ServerOptions {
    requireNonNull(host, "host");
    requireNonNull(idleTimeout, "idleTimeout");
    requireNonNull(scheduler, "scheduler");
    if (host.isBlank()) {
      throw new IllegalArgumentException("server.host must name an address, e.g. 127.0.0.1");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("server.port must be 0-65535, got " + port);
    }
    if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_LIMIT) {
      throw new IllegalArgumentException(
          "server.maxBodyBytes must be between 1 and " + MAX_BODY_LIMIT + ", got " + maxBodyBytes);
    }
    if (maxBufferedBodyBytes < maxBodyBytes) {
      throw new IllegalArgumentException(
          "server.maxBufferedBodyBytes ("
              + maxBufferedBodyBytes
              + ") must be at least server.maxBodyBytes ("
              + maxBodyBytes
              + "), or a body of the largest size could never be read");
    }
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("server.idleTimeout cannot be negative");
    }
  }

  /** Options with the default body limits, idle timeout and scheduler. */
  public static ServerOptions of(String host, int port) {
    return new ServerOptions(
        host,
        port,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_BUFFERED_BODY_BYTES,
        DEFAULT_IDLE_TIMEOUT,
        VirtualThreadScheduler.EVENT_LOOP);
  }

  /**
   * Options with {@code maxBodyBytes}, a buffer budget of the default or, if larger, three bodies
   * of that size, and the default scheduler.
   */
  public static ServerOptions of(String host, int port, long maxBodyBytes, Duration idleTimeout) {
    return new ServerOptions(
        host,
        port,
        maxBodyBytes,
        Math.max(DEFAULT_MAX_BUFFERED_BODY_BYTES, 3 * maxBodyBytes),
        idleTimeout,
        VirtualThreadScheduler.EVENT_LOOP);
  }
}
