package dev.strata.providers.anthropic;

import static dev.strata.providers.anthropic.AnthropicProviderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageEventTranslatorTest {
  private final List<StreamEvent> events = new ArrayList<>();
  private final MessageEventTranslator translator = new MessageEventTranslator(events::add);

  @Test
  void thinkingBlocksAreSkipped_andIndicesFollowTheRelayedBlocks() {
    feed(
        "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5,"
            + "\"cache_creation_input_tokens\":40,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}}",
        "{\"type\":\"content_block_stop\",\"index\":0}",
        "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}",
        "{\"type\":\"content_block_stop\",\"index\":1}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":8}}");
    assertThat(translator.accept(json("{\"type\":\"message_stop\"}"))).isTrue();

    assertThat(events)
        .containsExactly(
            new StreamEvent.MessageStart(Role.ASSISTANT),
            new StreamEvent.TextDelta(0, "Hi"),
            new StreamEvent.ContentBlockStop(0),
            new StreamEvent.MessageStop(StopReason.MAX_TOKENS),
            new StreamEvent.UsageReport(new Usage(5, 8, 0, 40, 0)));
  }

  @Test
  void messageDeltaUsage_overridesOnlyTheCountsItReports() {
    feed(
        "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":1,"
            + "\"cache_read_input_tokens\":70,\"cache_creation\":{\"ephemeral_5m_input_tokens\":3,"
            + "\"ephemeral_1h_input_tokens\":4}}}}",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":12,\"input_tokens\":6}}",
        "{\"type\":\"message_stop\"}");

    assertThat(events).endsWith(new StreamEvent.UsageReport(new Usage(6, 12, 70, 3, 4)));
  }

  private void feed(String... jsons) {
    for (String event : jsons) {
      assertThat(translator.accept(json(event))).isEqualTo(event.contains("message_stop"));
    }
  }
}
