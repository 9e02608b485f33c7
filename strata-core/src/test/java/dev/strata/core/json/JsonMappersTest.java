package dev.strata.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JsonMappersTest {
  @Test
  void everyMapper_takesItsBuffersFromOneSharedPool_notAPerThreadOne() {
    ObjectMapper one = JsonMappers.create();
    ObjectMapper other = JsonMappers.builder().build();

    assertThat(one.getFactory()._getRecyclerPool())
        .isSameAs(other.getFactory()._getRecyclerPool())
        .isSameAs(JsonMappers.factory()._getRecyclerPool())
        .isNotSameAs(JsonRecyclerPools.threadLocalPool());
  }

  @Test
  void aMapper_parsesAndWritesLikeJacksonsDefault() throws Exception {
    String json = "{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null,\"d\":true}}";

    JsonNode parsed = JsonMappers.create().readTree(json);

    assertThat(parsed).isEqualTo(new ObjectMapper().readTree(json));
    assertThat(JsonMappers.create().writeValueAsString(parsed)).isEqualTo(json);
  }

  /**
   * No code on the request path builds a Jackson mapper of its own: one would go back to
   * per-thread buffers, new ones for every virtual thread. (YAML mappers read configuration.)
   */
  @Test
  void mainSources_buildJsonMappersOnlyThroughJsonMappers() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(root, 12)) {
      offenders =
          files
              .filter(path -> path.toString().endsWith(".java"))
              .filter(path -> path.toString().contains("/src/main/java/"))
              .filter(path -> !path.endsWith("JsonMappers.java"))
              .filter(JsonMappersTest::buildsItsOwnJsonMapper)
              .map(root::relativize)
              .toList();
    }
    assertThat(offenders).isEmpty();
  }

  private static boolean buildsItsOwnJsonMapper(Path file) {
    try {
      String source = Files.readString(file);
      return source.contains("new ObjectMapper()")
          || source.contains("JsonMapper.builder()")
          || source.contains("new JsonFactory(")
          || source.contains("JsonFactory.builder()");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
