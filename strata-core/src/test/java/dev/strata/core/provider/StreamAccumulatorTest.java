package dev.strata.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import org.junit.jupiter.api.Test;

class StreamAccumulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StreamAccumulator accumulator = new StreamAccumulator();

  private void feed(StreamEvent... events) {
    for (StreamEvent event : events) {
      accumulator.accept(event);
    }
  }

  @Test
  void response_joinsTextDeltasIntoOneTextBlock() {
    feed(
        new StreamEvent.MessageStart(Role.ASSISTANT),
        new StreamEvent.TextDelta(0, "Hel"),
        new StreamEvent.TextDelta(0, "lo, "),
        new StreamEvent.TextDelta(0, "world"),
        new StreamEvent.ContentBlockStop(0),
        new StreamEvent.MessageStop(StopReason.MAX_TOKENS),
        new StreamEvent.UsageReport(Usage.of(12, 3)));

    ChatResponse response = accumulator.response();

    assertThat(response.output().role()).isEqualTo(Role.ASSISTANT);
    assertThat(response.output().content()).containsExactly(new ContentBlock.Text("Hello, world"));
    assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.usage()).contains(Usage.of(12, 3));
  }

  @Test
  void response_assemblesTextAndToolUseBlocksInIndexOrder() throws Exception {
    feed(
        new StreamEvent.MessageStart(Role.ASSISTANT),
        new StreamEvent.TextDelta(0, "Let me check."),
        new StreamEvent.ContentBlockStop(0),
        new StreamEvent.ToolUseStart(1, "toolu_01", "get_weather"),
        new StreamEvent.ToolInputDelta(1, "{\"city\": \"Par"),
        new StreamEvent.ToolInputDelta(1, "is\", \"unit\": \"c\"}"),
        new StreamEvent.ContentBlockStop(1),
        new StreamEvent.MessageStop(StopReason.TOOL_USE));

    ChatResponse response = accumulator.response();

    assertThat(response.output().content())
        .containsExactly(
            new ContentBlock.Text("Let me check."),
            new ContentBlock.ToolUse(
                "toolu_01", "get_weather", JSON.readTree("{\"city\":\"Paris\",\"unit\":\"c\"}")));
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.usage()).isEmpty();
  }

  @Test
  void response_interleavedBlocks_areKeptApartByIndex() {
    feed(
        new StreamEvent.TextDelta(1, "second"),
        new StreamEvent.TextDelta(0, "first"),
        new StreamEvent.TextDelta(1, "!"));

    assertThat(accumulator.response().output().content())
        .containsExactly(new ContentBlock.Text("first"), new ContentBlock.Text("second!"));
  }

  @Test
  void response_partialToolJson_isKeptAsTextForMetering() {
    feed(
        new StreamEvent.ToolUseStart(0, "call_1", "search"),
        new StreamEvent.ToolInputDelta(0, "{\"query\": \"cheap fli"));

    ContentBlock block = accumulator.response().output().content().get(0);

    assertThat(block)
        .isInstanceOfSatisfying(
            ContentBlock.ToolUse.class,
            use -> {
              assertThat(use.name()).isEqualTo("search");
              assertThat(use.input().isTextual()).isTrue();
              assertThat(use.input().asText()).isEqualTo("{\"query\": \"cheap fli");
            });
  }

  @Test
  void response_toolUseWithoutInput_hasAnEmptyObject() {
    feed(new StreamEvent.ToolUseStart(0, "call_1", "now"), new StreamEvent.ContentBlockStop(0));

    ContentBlock.ToolUse use =
        (ContentBlock.ToolUse) accumulator.response().output().content().get(0);

    assertThat(use.input().isObject()).isTrue();
    assertThat(use.input().size()).isZero();
  }

  @Test
  void response_toolInputWithoutStart_getsAPlaceholderIdAndName() {
    feed(new StreamEvent.ToolInputDelta(2, "{}"));

    assertThat(accumulator.response().output().content().get(0))
        .isEqualTo(new ContentBlock.ToolUse("call_2", "unknown", JSON.createObjectNode()));
  }

  @Test
  void response_withoutStop_endsAsEndTurnAndHasContentOnlyOnceSomeArrived() {
    feed(new StreamEvent.MessageStart(Role.ASSISTANT));
    assertThat(accumulator.hasContent()).isFalse();
    assertThat(accumulator.response().output().content()).isEmpty();

    feed(new StreamEvent.TextDelta(0, "par"));

    assertThat(accumulator.hasContent()).isTrue();
    assertThat(accumulator.response().stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(accumulator.response().output().text()).isEqualTo("par");
  }
}
