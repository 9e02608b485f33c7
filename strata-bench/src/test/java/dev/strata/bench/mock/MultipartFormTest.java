package dev.strata.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartFormTest {
  private static final String TYPE = "multipart/form-data; boundary=XyZ";

  @Test
  void parse_readsFieldsAndFiles_keepingCrLfInsideContent() {
    String body =
        "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"purpose\"\r\n\r\n"
            + "batch\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
            + "Content-Type: application/jsonl\r\n\r\n"
            + "{\"a\":1}\r\n{\"b\":2}\n\r\n"
            + "--XyZ--\r\n";

    Map<String, MultipartForm.Part> parts =
        MultipartForm.parse(TYPE, body.getBytes(StandardCharsets.UTF_8));

    assertThat(parts.keySet()).containsExactly("purpose", "file");
    assertThat(parts.get("purpose").text()).isEqualTo("batch");
    assertThat(parts.get("purpose").filename()).isEmpty();
    assertThat(parts.get("file").filename()).contains("in.jsonl");
    assertThat(parts.get("file").text()).isEqualTo("{\"a\":1}\r\n{\"b\":2}\n");
  }

  @Test
  void parse_acceptsAQuotedBoundary() {
    String body = "--a b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--a b--\r\n";
    assertThat(
            MultipartForm.parse(
                    "multipart/form-data; boundary=\"a b\"", body.getBytes(StandardCharsets.UTF_8))
                .get("x")
                .text())
        .isEqualTo("1");
  }

  @Test
  void parse_refusesABodyThatEndsInsideAPart() {
    String body = "--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno end";
    assertThatThrownBy(() -> MultipartForm.parse(TYPE, body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends in the middle");
  }

  @Test
  void parse_refusesOtherMediaTypes() {
    assertThatThrownBy(() -> MultipartForm.parse("application/json", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multipart/form-data");
  }
}
