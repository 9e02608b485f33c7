package dev.strata.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void isTrueAtTop_findsATopLevelTrue_wherePrecededByNestedValues() {
    assertThat(isTrueAtTop("{\"stream\":true}")).isTrue();
    assertThat(
            isTrueAtTop(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                    + "[{\"type\":\"text\",\"stream\":false}]}],\"stream\" : true}"))
        .isTrue();
  }

  @Test
  void isTrueAtTop_isFalse_forAnythingButATopLevelTrue() {
    assertThat(isTrueAtTop("{\"model\":\"m\"}")).isFalse();
    assertThat(isTrueAtTop("{\"stream\":false}")).isFalse();
    assertThat(isTrueAtTop("{\"stream\":\"true\"}")).isFalse();
    assertThat(isTrueAtTop("{\"stream\":1}")).isFalse();
    assertThat(isTrueAtTop("{\"options\":{\"stream\":true}}")).isFalse();
    assertThat(isTrueAtTop("[{\"stream\":true}]")).isFalse();
  }

  @Test
  void isTrueAtTop_isFalse_forWhatIsNotJson_leavingTheErrorToTheHandler() {
    assertThat(isTrueAtTop("")).isFalse();
    assertThat(isTrueAtTop("{\"model\": ")).isFalse();
    assertThat(isTrueAtTop("{\"a\":[}, \"stream\":true}")).isFalse();
    assertThat(isTrueAtTop("not json")).isFalse();
  }

  private static boolean isTrueAtTop(String body) {
    return Json.isTrueAtTop(body.getBytes(StandardCharsets.UTF_8), "stream");
  }
}
