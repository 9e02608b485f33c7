package dev.strata.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiTokenCountersTest {

  @ParameterizedTest
  @CsvSource({
    "gpt-4o, O200K_BASE",
    "gpt-4o-mini-2024-07-18, O200K_BASE",
    "GPT-4.1, O200K_BASE",
    "gpt-5-nano, O200K_BASE",
    "chatgpt-4o-latest, O200K_BASE",
    "o1, O200K_BASE",
    "o3-mini, O200K_BASE",
    "gpt-4, CL100K_BASE",
    "gpt-3.5-turbo, CL100K_BASE",
    "claude-sonnet-4-20250514, CL100K_BASE",
    "omni-model, CL100K_BASE",
  })
  void encodingFor_picksTheModelFamilysEncoding(String model, EncodingType expected) {
    assertThat(OpenAiTokenCounters.encodingFor(model)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"gpt-4o, O200K_BASE", "gpt-4, CL100K_BASE"})
  void forModel_countsLikeJtokkit(String model, EncodingType encoding) {
    String text = "Tokenizers split «unusual» words like antidisestablishmentarianism differently.";

    assertThat(OpenAiTokenCounters.forModel(model).count(text))
        .isEqualTo(
            Encodings.newLazyEncodingRegistry().getEncoding(encoding).countTokensOrdinary(text));
  }
}
