package dev.strata.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private static final String STREAM =
      ": keep-alive comment\r\n"
          + "data: {\"text\":\"héllo 🌍\"}\r\n"
          + "\r\n"
          + "event: update\n"
          + "id: 7\n"
          + "data: first line\n"
          + "data:second line\n"
          + "data\n"
          + "\n"
          + "data: carriage\r"
          + "\r"
          + "data: [DONE]\n\n";

  private static final List<SseEvent> EXPECTED =
      List.of(
          SseEvent.message("{\"text\":\"héllo 🌍\"}"),
          new SseEvent("update", "first line\nsecond line\n", Optional.of("7")),
          new SseEvent("message", "carriage", Optional.of("7")),
          new SseEvent("message", "[DONE]", Optional.of("7")));

  @Test
  void feed_wholeStreamAtOnce_yieldsEveryEvent() {
    assertThat(new SseParser().feed(bytes(STREAM))).isEqualTo(EXPECTED);
  }

  @Test
  void feed_oneByteAtATime_yieldsTheSameEvents() {
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();
    for (byte b : bytes(STREAM)) {
      events.addAll(parser.feed(new byte[] {b}));
    }
    assertThat(events).isEqualTo(EXPECTED);
  }

  @Test
  void feed_splitAtEveryPosition_yieldsTheSameEvents() {
    // Covers a CRLF split between chunks and multi-byte characters cut in the middle.
    byte[] all = bytes(STREAM);
    for (int split = 0; split <= all.length; split++) {
      SseParser parser = new SseParser();
      List<SseEvent> events = new ArrayList<>(parser.feed(Arrays.copyOfRange(all, 0, split)));
      events.addAll(parser.feed(Arrays.copyOfRange(all, split, all.length)));
      assertThat(events).as("split at %d", split).isEqualTo(EXPECTED);
    }
  }

  @Test
  void feed_crLfSplitAcrossChunks_doesNotMakeAnExtraBlankLine() {
    SseParser parser = new SseParser();
    assertThat(parser.feed(bytes("data: a\r"))).isEmpty();
    // The \n completes the CRLF above; only the next blank line ends the event.
    assertThat(parser.feed(bytes("\ndata: b\r"))).isEmpty();
    assertThat(parser.feed(bytes("\n\r\n"))).containsExactly(SseEvent.message("a\nb"));
  }

  @Test
  void feed_leadingByteOrderMark_isSkipped() {
    byte[] stream = bytes("\uFEFFdata: x\n\n");
    assertThat(stream[0]).isEqualTo((byte) 0xEF);
    assertThat(new SseParser().feed(stream)).containsExactly(SseEvent.message("x"));
  }

  @Test
  void feed_commentsAndEventsWithoutData_dispatchNothing() {
    SseParser parser = new SseParser();
    assertThat(parser.feed(bytes(": ping\n\n:another\n\nevent: empty\n\n\n\nretry: 10\n\n")))
        .isEmpty();
    assertThat(parser.feed(bytes("data: after\n\n"))).containsExactly(SseEvent.message("after"));
  }

  @Test
  void feed_eventTypeDoesNotLeakIntoTheNextEvent() {
    List<SseEvent> events =
        new SseParser().feed(bytes("event: error\ndata: {}\n\ndata: plain\n\n"));
    assertThat(events).extracting(SseEvent::type).containsExactly("error", "message");
  }

  @Test
  void finish_dispatchesALastEventWithoutItsBlankLine() {
    SseParser parser = new SseParser();
    assertThat(parser.feed(bytes("data: one\n\ndata: [DONE]")))
        .containsExactly(SseEvent.message("one"));
    assertThat(parser.finish()).containsExactly(SseEvent.message("[DONE]"));
    assertThat(parser.finish()).isEmpty();
  }

  @Test
  void feed_eventLargerThanTheBound_isRefused() {
    SseParser parser = new SseParser(16);
    assertThatThrownBy(() -> parser.feed(bytes("data: " + "x".repeat(32))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("larger than 16 bytes");
  }

  @Test
  void feed_manyDataLinesBeyondTheBound_areRefused() {
    SseParser parser = new SseParser(16);
    assertThatThrownBy(() -> parser.feed(bytes("data: 0123456789\ndata: 0123456789\n")))
        .isInstanceOf(IllegalStateException.class);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
