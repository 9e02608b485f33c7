package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.eventstream.EventStreamEncoder;
import dev.strata.core.eventstream.EventStreamMessage;
import dev.strata.core.eventstream.HeaderValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStreamBodyCheckTest {

  @Test
  void problem_isEmpty_forACompleteStream() {
    byte[] body = stream(event("messageStart"), event("contentBlockDelta"), event("metadata"));

    assertThat(EventStreamBodyCheck.problem(body)).isEmpty();
  }

  @Test
  void problem_namesTheException_ofAnExceptionFrame() {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", new HeaderValue.Text("exception"));
    headers.put(":exception-type", new HeaderValue.Text("throttlingException"));
    byte[] exception =
        EventStreamEncoder.encode(
            new EventStreamMessage(headers, "{}".getBytes(StandardCharsets.UTF_8)));

    assertThat(EventStreamBodyCheck.problem(stream(event("messageStart"), exception)))
        .contains("stream throttlingException");
  }

  @Test
  void problem_isReported_forATruncatedOrUnfinishedStream() {
    byte[] whole = stream(event("messageStart"), event("metadata"));

    assertThat(EventStreamBodyCheck.problem(Arrays.copyOf(whole, whole.length - 3)))
        .contains("malformed event stream");
    assertThat(EventStreamBodyCheck.problem(stream(event("messageStart"), event("messageStop"))))
        .contains("stream does not end with metadata");
    assertThat(EventStreamBodyCheck.problem(new byte[0])).contains("empty event stream");
    byte[] json = "{\"message\":\"no\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(EventStreamBodyCheck.problem(json)).isPresent();
  }

  private static byte[] event(String type) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", new HeaderValue.Text(type));
    headers.put(":content-type", new HeaderValue.Text("application/json"));
    headers.put(":message-type", new HeaderValue.Text("event"));
    return EventStreamEncoder.encode(
        new EventStreamMessage(headers, "{}".getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] stream(byte[]... frames) {
    var out = new ByteArrayOutputStream();
    for (byte[] frame : frames) {
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }
}
