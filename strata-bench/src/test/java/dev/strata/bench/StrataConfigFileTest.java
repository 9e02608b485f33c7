package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import org.junit.jupiter.api.Test;

class StrataConfigFileTest {

  @Test
  void yaml_routesOneModelToTheMock() throws Exception {
    JsonNode config =
        new ObjectMapper(new YAMLFactory())
            .readTree(StrataConfigFile.yaml(8123, "http://127.0.0.1:9000/v1", "bench-model"));

    assertThat(config.path("server").path("host").asText()).isEqualTo("127.0.0.1");
    assertThat(config.path("server").path("port").asInt()).isEqualTo(8123);
    JsonNode mock = config.path("providers").path("mock");
    assertThat(mock.path("type").asText()).isEqualTo("openai");
    assertThat(mock.path("baseUrl").asText()).isEqualTo("http://127.0.0.1:9000/v1");
    assertThat(mock.path("apiKey").asText()).isEqualTo("sk-mock");
    JsonNode model = config.path("models").path(0);
    assertThat(model.path("name").asText()).isEqualTo("bench-model");
    assertThat(model.path("provider").asText()).isEqualTo("mock");
    assertThat(model.path("upstreamModel").asText()).isEqualTo("bench-model");
    assertThat(model.path("price").asText()).isEqualTo("gpt-4o-mini");
    assertThat(config.path("local").path("enabled").asBoolean(true)).isFalse();
  }

  @Test
  void running_acceptsUrlWithOrWithoutV1() {
    assertThat(GatewayUnderTest.Running.at(URI.create("http://127.0.0.1:8080/v1/"), "k").baseUri())
        .isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(GatewayUnderTest.Running.at(URI.create("http://127.0.0.1:8080"), "k").baseUri())
        .isEqualTo(URI.create("http://127.0.0.1:8080"));
  }
}
