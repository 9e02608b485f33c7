package dev.strata.core.eventstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventStreamCodecTest {

  private static EventStreamMessage event(String type, String json) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", new HeaderValue.Text("event"));
    headers.put(":event-type", new HeaderValue.Text(type));
    headers.put(":content-type", new HeaderValue.Text("application/json"));
    return new EventStreamMessage(headers, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void encode_matchesTheFormatsPublishedEmptyMessageVector() {
    // The AWS event-stream test suite's "empty_message": no headers, no payload.
    byte[] frame = EventStreamEncoder.encode(new EventStreamMessage(Map.of(), new byte[0]));
    assertThat(HexFormat.of().formatHex(frame)).isEqualTo("000000100000000005c248eb7d98c8ff");
  }

  @Test
  void roundTrip_keepsEveryHeaderTypeInOrderAndThePayload() {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put("t", new HeaderValue.Bool(true));
    headers.put("f", new HeaderValue.Bool(false));
    headers.put("b", new HeaderValue.Int8((byte) -7));
    headers.put("s", new HeaderValue.Int16((short) 1234));
    headers.put("i", new HeaderValue.Int32(-123456));
    headers.put("l", new HeaderValue.Int64(Long.MAX_VALUE));
    headers.put("bytes", new HeaderValue.Bytes(new byte[] {1, 2, 3}));
    headers.put("str", new HeaderValue.Text("héllo"));
    headers.put("ts", new HeaderValue.Timestamp(Instant.ofEpochMilli(1_700_000_000_123L)));
    headers.put("id", new HeaderValue.Uuid(new UUID(42, 43)));
    EventStreamMessage message =
        new EventStreamMessage(headers, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    EventStreamMessage decoded = EventStreamDecoder.decodeOne(EventStreamEncoder.encode(message));

    assertThat(decoded).isEqualTo(message);
    assertThat(List.copyOf(decoded.headers().keySet()))
        .containsExactly("t", "f", "b", "s", "i", "l", "bytes", "str", "ts", "id");
    assertThat(decoded.text("str")).contains("héllo");
    assertThat(decoded.payloadText()).isEqualTo("{\"a\":1}");
  }

  @Test
  void feed_decodesMessagesSplitAtEveryByteBoundary() {
    byte[] first = EventStreamEncoder.encode(event("messageStart", "{\"role\":\"assistant\"}"));
    byte[] second =
        EventStreamEncoder.encode(event("messageStop", "{\"stopReason\":\"end_turn\"}"));
    byte[] both = ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();

    EventStreamDecoder decoder = new EventStreamDecoder();
    List<EventStreamMessage> decoded = new ArrayList<>();
    for (byte b : both) {
      decoded.addAll(decoder.feed(new byte[] {b}));
    }
    decoder.finish();

    assertThat(decoded)
        .extracting(m -> m.text(":event-type").orElseThrow())
        .containsExactly("messageStart", "messageStop");
    assertThat(decoder.hasPartialMessage()).isFalse();
  }

  @Test
  void decode_rejectsAMessageCrcMismatch() {
    byte[] frame = EventStreamEncoder.encode(event("messageStart", "{}"));
    frame[frame.length - 6] ^= 0x01; // a payload byte

    assertThatThrownBy(() -> EventStreamDecoder.decodeOne(frame))
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("message CRC mismatch");
  }

  @Test
  void decode_rejectsAPreludeCrcMismatchBeforeTrustingTheLength() {
    byte[] frame = EventStreamEncoder.encode(event("messageStart", "{}"));
    frame[0] = 0x7f; // claims a 2 GB message

    assertThatThrownBy(() -> new EventStreamDecoder().feed(frame))
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("prelude CRC mismatch");
  }

  @Test
  void decode_rejectsALengthAboveTheLimitEvenWithAValidPreludeCrc() {
    ByteBuffer prelude = ByteBuffer.allocate(12).putInt(1 << 20).putInt(0);
    prelude.putInt((int) EventStreamEncoder.crc(prelude.array(), 0, 8));

    assertThatThrownBy(() -> new EventStreamDecoder(64 * 1024).feed(prelude.array()))
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("message length 1048576 is outside 16..65536");
  }

  @Test
  void decode_rejectsOversizedHeadersLength() {
    ByteBuffer prelude = ByteBuffer.allocate(12).putInt(1 << 20).putInt(200 * 1024);
    prelude.putInt((int) EventStreamEncoder.crc(prelude.array(), 0, 8));

    assertThatThrownBy(() -> new EventStreamDecoder().feed(prelude.array()))
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("headers length 204800");
  }

  @Test
  void finish_rejectsATruncatedFrame() {
    byte[] frame = EventStreamEncoder.encode(event("messageStart", "{}"));
    EventStreamDecoder decoder = new EventStreamDecoder();

    assertThat(decoder.feed(frame, 0, frame.length - 3)).isEmpty();
    assertThat(decoder.hasPartialMessage()).isTrue();
    assertThatThrownBy(decoder::finish)
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("ended inside a message");
  }

  @Test
  void decode_rejectsAHeaderRunningPastTheHeadersSection() {
    byte[] headers = {3, 'a', 'b', 'c', 7, 0, 9, 'x'}; // a string of 9 bytes with 1 present
    ByteBuffer frame = ByteBuffer.allocate(16 + headers.length);
    frame.putInt(frame.capacity()).putInt(headers.length);
    frame.putInt((int) EventStreamEncoder.crc(frame.array(), 0, 8));
    frame.put(headers);
    frame.putInt((int) EventStreamEncoder.crc(frame.array(), 0, frame.position()));

    assertThatThrownBy(() -> EventStreamDecoder.decodeOne(frame.array()))
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("the headers end inside 'abc'");
  }

  @Test
  void goodMessagesBeforeABadFrameInOneChunk_areReturned_andTheFailureComesNext() {
    byte[] first = EventStreamEncoder.encode(event("messageStart", "{\"role\":\"assistant\"}"));
    byte[] second = EventStreamEncoder.encode(event("contentBlockDelta", "{\"delta\":{}}"));
    byte[] bad = EventStreamEncoder.encode(event("messageStop", "{}"));
    bad[bad.length - 1] ^= 1;
    byte[] chunk = new byte[first.length + second.length + bad.length];
    System.arraycopy(first, 0, chunk, 0, first.length);
    System.arraycopy(second, 0, chunk, first.length, second.length);
    System.arraycopy(bad, 0, chunk, first.length + second.length, bad.length);
    EventStreamDecoder decoder = new EventStreamDecoder();

    List<EventStreamMessage> messages = decoder.feed(chunk);

    assertThat(messages)
        .extracting(message -> message.text(":event-type").orElseThrow())
        .containsExactly("messageStart", "contentBlockDelta");
    assertThatThrownBy(decoder::finish)
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("message CRC mismatch");
    assertThatThrownBy(() -> decoder.feed(first))
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("already failed");
  }

  @Test
  void theFailureAfterGoodMessages_isAlsoReportedByTheNextFeed() {
    byte[] good = EventStreamEncoder.encode(event("messageStart", "{}"));
    byte[] bad = good.clone();
    bad[bad.length - 1] ^= 1;
    byte[] chunk = new byte[good.length + bad.length];
    System.arraycopy(good, 0, chunk, 0, good.length);
    System.arraycopy(bad, 0, chunk, good.length, bad.length);
    EventStreamDecoder decoder = new EventStreamDecoder();

    assertThat(decoder.feed(chunk)).hasSize(1);
    assertThatThrownBy(() -> decoder.feed(good))
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("message CRC mismatch");
  }

  @Test
  void decoder_staysFailedAfterAnError() {
    byte[] frame = EventStreamEncoder.encode(event("messageStart", "{}"));
    byte[] bad = frame.clone();
    bad[bad.length - 1] ^= 1;
    EventStreamDecoder decoder = new EventStreamDecoder();
    assertThatThrownBy(() -> decoder.feed(bad)).isInstanceOf(MalformedEventStreamException.class);

    assertThatThrownBy(() -> decoder.feed(frame))
        .isInstanceOf(MalformedEventStreamException.class)
        .hasMessageContaining("already failed");
  }

  @Test
  void encode_refusesOversizedHeaders() {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    String big = "x".repeat(30_000);
    for (int i = 0; i < 5; i++) {
      headers.put("h" + i, new HeaderValue.Text(big));
    }

    assertThatThrownBy(
            () -> EventStreamEncoder.encode(new EventStreamMessage(headers, new byte[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceed the limit of 131072");
  }

  @Test
  void encode_refusesAHeaderValueLongerThanAShortLength() {
    Map<String, HeaderValue> headers = Map.of("h", new HeaderValue.Text("x".repeat(40_000)));

    assertThatThrownBy(
            () -> EventStreamEncoder.encode(new EventStreamMessage(headers, new byte[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 32767 bytes");
  }
}
