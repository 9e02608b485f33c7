package dev.strata.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Unsigned {@code aws-chunked} bodies: decoding, trailers, and the malformed ones. */
class AwsChunkedBodyTest {
  private static AwsChunkedBody body(String encoded) {
    return new AwsChunkedBody(
        new ByteArrayInputStream(encoded.getBytes(StandardCharsets.UTF_8)),
        Optional.empty(),
        false);
  }

  private static String code(String encoded) {
    try {
      body(encoded).readAllBytes();
      return "none";
    } catch (BodyFailure failure) {
      return failure.failure().code().orElseThrow();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void read_joinsTheChunks_andKeepsTheTrailer() throws IOException {
    AwsChunkedBody body =
        body("5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n");

    assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    assertThat(body.trailers()).containsEntry("x-amz-checksum-crc32", "DUoRhQ==");
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void read_acceptsAnEmptyBodyWithoutATrailer() throws IOException {
    assertThat(body("0\r\n\r\n").readAllBytes()).isEmpty();
  }

  @Test
  void read_failsOnBodiesThatAreNotAwsChunked() {
    assertThat(code("zz\r\nhello\r\n0\r\n\r\n")).isEqualTo("InvalidRequest");
    assertThat(code("5\r\nhelloXX0\r\n\r\n")).isEqualTo("InvalidRequest");
    assertThat(code("5\r\nhello\r\n0\r\nnot a header\r\n\r\n")).isEqualTo("InvalidRequest");
    assertThat(code("5\r\nhello\r\n0\r\n\r\ntrailing junk")).isEqualTo("InvalidRequest");
    assertThat(code("1" + "0".repeat(20) + "\r\n")).isEqualTo("InvalidRequest");
  }

  @Test
  void read_failsWhenTheBodyEndsBeforeItsChunksDo() {
    assertThat(code("a\r\nhello")).isEqualTo("IncompleteBody");
    assertThat(code("5\r\nhello\r\n")).isEqualTo("IncompleteBody");
  }
}
