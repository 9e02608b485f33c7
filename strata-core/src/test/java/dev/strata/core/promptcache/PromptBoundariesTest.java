package dev.strata.core.promptcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptBoundariesTest {
  static ChatRequest request(List<ContentBlock> system, List<Message> messages) {
    return new ChatRequest(
        "m",
        system,
        messages,
        InferenceConfig.DEFAULTS,
        Optional.empty(),
        new ResponseFormat.Text(),
        Map.of());
  }

  @Test
  void of_earlierTurnsHashAlikeInALongerConversation() {
    List<ContentBlock> system = List.of(new ContentBlock.Text("x".repeat(400)));
    List<Message> turn1 = List.of(Message.user("first question"));
    List<Message> turn2 = new ArrayList<>(turn1);
    turn2.add(Message.assistant("first answer"));
    turn2.add(Message.user("second question"));

    List<Boundary> short1 = PromptBoundaries.of(request(system, turn1));
    List<Boundary> long2 = PromptBoundaries.of(request(system, turn2));

    assertThat(long2).hasSize(4);
    assertThat(long2.get(0).kind()).isEqualTo(Boundary.Kind.SYSTEM);
    assertThat(long2.get(0).prefixTokens()).isEqualTo(100);
    assertThat(long2.get(1).prefixHash()).isEqualTo(short1.get(1).prefixHash());
    assertThat(long2.get(3).prefixHash()).isNotEqualTo(long2.get(1).prefixHash());
    assertThat(long2.get(3).prefixTokens()).isGreaterThan(long2.get(1).prefixTokens());
  }

  @Test
  void of_callersCachePointsMarkButDoNotChangeThePrefix() {
    List<ContentBlock> plain = List.of(new ContentBlock.Text("policy"));
    List<ContentBlock> marked =
        List.of(
            new ContentBlock.Text("policy"),
            new ContentBlock.CachePoint(ContentBlock.CacheTtl.FIVE_MINUTES));
    Boundary a = PromptBoundaries.of(request(plain, List.of(Message.user("q")))).get(0);
    Boundary b = PromptBoundaries.of(request(marked, List.of(Message.user("q")))).get(0);
    assertThat(b.prefixHash()).isEqualTo(a.prefixHash());
    assertThat(a.marked()).isFalse();
    assertThat(b.marked()).isTrue();
  }
}
