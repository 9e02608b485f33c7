package dev.strata.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.model.Message;
import dev.strata.core.model.ResponseFormat;
import dev.strata.core.model.Role;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.NativeBatchCall;
import dev.strata.providers.openai.OpenAiProviderConfig.MaxTokensField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchInputFileTest {
  @Test
  void write_putsOneRequestPerLine() {
    byte[] file =
        BatchInputFile.write(List.of(call("a", "m"), call("b", "m")), MaxTokensField.MAX_TOKENS);

    String[] lines = new String(file, StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(ChatRequestJsonTest.json(lines[1]).path("custom_id").asText()).isEqualTo("b");
  }

  @Test
  void write_refusesRepeatedCustomIds() {
    assertThatThrownBy(
            () ->
                BatchInputFile.write(
                    List.of(call("a", "m"), call("a", "m")), MaxTokensField.MAX_TOKENS))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("'a'");
            });
  }

  @Test
  void write_refusesAnEmptyBatch_andOneOverOpenAisLimit() {
    assertThatThrownBy(() -> BatchInputFile.write(List.of(), MaxTokensField.MAX_TOKENS))
        .hasMessageContaining("at least one call");
    List<NativeBatchCall> tooMany = new ArrayList<>();
    for (int i = 0; i <= BatchInputFile.MAX_CALLS; i++) {
      tooMany.add(call("r" + i, "m"));
    }
    assertThatThrownBy(() -> BatchInputFile.write(tooMany, MaxTokensField.MAX_TOKENS))
        .hasMessageContaining("at most 50000 calls");
  }

  @Test
  void write_namesTheCallThatCannotBeWritten() {
    ChatRequest withDocument =
        new ChatRequest(
            "alias",
            List.of(),
            List.of(
                new Message(
                    Role.USER,
                    List.of(new ContentBlock.Document("pdf", "report", new byte[] {1, 2, 3})))),
            InferenceConfig.DEFAULTS,
            Optional.empty(),
            new ResponseFormat.Text(),
            Map.of());
    List<NativeBatchCall> calls =
        List.of(call("fine", "m"), new NativeBatchCall("doc", new ModelCall(withDocument, "m")));

    assertThatThrownBy(() -> BatchInputFile.write(calls, MaxTokensField.MAX_TOKENS))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).startsWith("call 'doc' of the batch");
            });
  }

  private static NativeBatchCall call(String customId, String model) {
    return new NativeBatchCall(customId, new ModelCall(ChatRequest.of("alias", "hi"), model));
  }
}
