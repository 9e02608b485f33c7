package dev.strata.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.OptionalLong;

/** The Strata gateway a benchmark measures: one already running, or a child process it launched. */
interface GatewayUnderTest extends AutoCloseable {

  /** The server's root URL, such as {@code http://127.0.0.1:8080}, without {@code /v1}. */
  URI baseUri();

  String apiKey();

  /** The process id when the benchmark launched the gateway, for its memory figures. */
  OptionalLong pid();

  @Override
  void close();

  /** A gateway that was already running; closing it does nothing. */
  record Running(URI baseUri, String apiKey) implements GatewayUnderTest {

    public Running {
      requireNonNull(baseUri, "baseUri");
      requireNonNull(apiKey, "apiKey");
    }

    /** Accepts the root URL with or without a trailing {@code /v1}. */
    static Running at(URI url, String apiKey) {
      String root = url.toString().replaceAll("/+$", "").replaceAll("/v1$", "");
      return new Running(URI.create(root), apiKey);
    }

    @Override
    public OptionalLong pid() {
      return OptionalLong.empty();
    }

    @Override
    public void close() {}
  }
}
