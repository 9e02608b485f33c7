package dev.strata.server.http;

/**
 * Serves one request on a virtual thread and writes its response. Throwing a {@link
 * dev.strata.core.error.StrataException} before the response started has the error rendered.
 */
@FunctionalInterface
public interface BlockingHandler {
  void handle(Call call);
}
