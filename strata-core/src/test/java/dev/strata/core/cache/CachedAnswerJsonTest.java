package dev.strata.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachedAnswerJsonTest {
  @Test
  void read_ofWrite_isTheSameAnswer() throws Exception {
    CachedAnswer answer =
        new CachedAnswer(
            new ChatResponse(
                new Message(
                    Role.ASSISTANT,
                    List.of(
                        new ContentBlock.Text("Let me check."),
                        new ContentBlock.ToolUse(
                            "call_1", "weather", new ObjectMapper().readTree("{\"city\":\"Paris\"}")))),
                StopReason.TOOL_USE,
                Optional.of(new Usage(10, 20, 30, 4, 5))),
            "sonnet",
            "anthropic",
            Money.ofPico(123_456_789L));

    assertThat(CachedAnswerJson.read(CachedAnswerJson.write(answer))).isEqualTo(answer);
  }

  @Test
  void write_imageBlock_isRefused() {
    CachedAnswer answer =
        new CachedAnswer(
            new ChatResponse(
                new Message(Role.ASSISTANT, List.of(new ContentBlock.Image("image/png", new byte[] {1}, null))),
                StopReason.END_TURN,
                Optional.empty()),
            "m",
            "p",
            Money.ZERO);

    assertThatThrownBy(() -> CachedAnswerJson.write(answer)).isInstanceOf(IllegalArgumentException.class);
  }
}
