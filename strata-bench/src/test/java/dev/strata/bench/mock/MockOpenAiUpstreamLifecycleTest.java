package dev.strata.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MockOpenAiUpstreamLifecycleTest {

  @Test
  void start_onBusyPort_failsNamingThePort() {
    try (var first = MockOpenAiUpstream.start()) {
      assertThatThrownBy(() -> MockOpenAiUpstream.start(first.port(), MockSettings.DEFAULTS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + first.port());
    }
  }

  @Test
  void start_onGivenPort_listensThere() {
    int port;
    try (var probe = MockOpenAiUpstream.start()) {
      port = probe.port();
    }

    try (var upstream = MockOpenAiUpstream.start(port, MockSettings.DEFAULTS)) {
      assertThat(upstream.port()).isEqualTo(port);
      assertThat(new MockClient(upstream.baseUrl()).get("/models").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void close_isIdempotent() {
    var upstream = MockOpenAiUpstream.start();

    upstream.close();
    upstream.close();

    assertThat(upstream.toString()).contains("closed");
  }

  @Test
  void settings_rejectNonsense() {
    assertThatThrownBy(() -> MockSettings.DEFAULTS.withStreamChunks(0))
        .hasMessageContaining("streamChunks");
    assertThatThrownBy(() -> MockSettings.DEFAULTS.withUsage(10, 1, 11))
        .hasMessageContaining("cachedTokens");
    assertThatThrownBy(() -> new MockOutcome.Fail(200, java.util.OptionalInt.empty(), ""))
        .hasMessageContaining("4xx or 5xx");
  }
}
