package dev.strata.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoadRequestTest {

  @Test
  void postJson_carriesBearerTokenAndContentType() {
    LoadRequest request = LoadRequest.postJson(URI.create("http://127.0.0.1:1/v1/x"), "sk-1", "{}");

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.headers())
        .containsEntry("authorization", "Bearer sk-1")
        .containsEntry("content-type", "application/json");
  }

  @Test
  void loadRequest_rejectsHostsOffTheMachine() {
    assertThatThrownBy(() -> LoadRequest.postJson(URI.create("http://example.com/v1"), "k", "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example.com");
  }

  @Test
  void loadRequest_acceptsLocalhost() {
    assertThat(
            LoadRequest.postJson(URI.create("http://localhost:8080/"), "k", "{}").uri().getHost())
        .isEqualTo("localhost");
  }
}
