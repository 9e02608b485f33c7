package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderTest {
  @TempDir Path folder;

  @Test
  void theTinyModelsHeader_isRead() throws IOException {
    GgufHeader header = GgufReader.read(TinyModel.file());

    assertThat(header.modelName()).isEqualTo("LLaMA v2");
    assertThat(header.trainedContext()).isEqualTo(4096);
    // No add_bos_token key: a SentencePiece ("llama") vocabulary adds BOS by default.
    assertThat(header.addsBos()).isTrue();
    assertThat(header.bosTokenId()).isEqualTo(1);
    assertThat(header.addsEos()).isFalse();
    assertThat(header.eosTokenId()).isEqualTo(2);
    assertThat(header.controlTokens()).containsExactly("<unk>", "<s>", "</s>");
  }

  @Test
  void anExplicitAddBosToken_overridesTheDefault() throws IOException {
    GgufHeader header =
        read(
            new GgufBytes()
                .string("tokenizer.ggml.model", "llama")
                .bool("tokenizer.ggml.add_bos_token", false));

    assertThat(header.addsBos()).isFalse();
  }

  @Test
  void aBpeVocabularyWithoutTheKey_addsNoBos() throws IOException {
    GgufHeader header =
        read(
            new GgufBytes()
                .string("general.architecture", "qwen2")
                .string("tokenizer.ggml.model", "gpt2")
                .u32("qwen2.context_length", 32768)
                .f32("qwen2.rope.freq_base", 1e6f));

    assertThat(header.addsBos()).isFalse();
    assertThat(header.trainedContext()).isEqualTo(32768);
    assertThat(header.controlTokens()).isEmpty();
  }

  @Test
  void aFileThatIsNotGguf_isRefused() throws IOException {
    Path file = Files.writeString(folder.resolve("x.gguf"), "not a model at all");

    assertThatThrownBy(() -> GgufReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a GGUF file");
  }

  @Test
  void aTruncatedHeader_isRefused() throws IOException {
    byte[] whole = new GgufBytes().string("general.name", "cut short").bytes();
    Path file = Files.write(folder.resolve("cut.gguf"), Arrays.copyOf(whole, whole.length - 3));

    assertThatThrownBy(() -> GgufReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ends inside");
  }

  @Test
  void anAbsurdLength_isRefusedWithoutAllocatingIt() throws IOException {
    GgufBytes gguf = new GgufBytes();
    gguf.key("general.name", 8);
    gguf.u64Raw(Long.MAX_VALUE);
    Path file = Files.write(folder.resolve("huge.gguf"), gguf.bytes());

    assertThatThrownBy(() -> GgufReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("claims a string");
  }

  private GgufHeader read(GgufBytes gguf) throws IOException {
    return GgufReader.read(Files.write(folder.resolve("m.gguf"), gguf.bytes()));
  }
}
