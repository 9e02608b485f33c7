package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
            new Gguf()
                .string("tokenizer.ggml.model", "llama")
                .bool("tokenizer.ggml.add_bos_token", false));

    assertThat(header.addsBos()).isFalse();
  }

  @Test
  void aBpeVocabularyWithoutTheKey_addsNoBos() throws IOException {
    GgufHeader header =
        read(
            new Gguf()
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
    byte[] whole = new Gguf().string("general.name", "cut short").bytes();
    Path file = Files.write(folder.resolve("cut.gguf"), Arrays.copyOf(whole, whole.length - 3));

    assertThatThrownBy(() -> GgufReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ends inside");
  }

  @Test
  void anAbsurdLength_isRefusedWithoutAllocatingIt() throws IOException {
    Gguf gguf = new Gguf();
    gguf.key("general.name", 8);
    gguf.u64Raw(Long.MAX_VALUE);
    Path file = Files.write(folder.resolve("huge.gguf"), gguf.bytes());

    assertThatThrownBy(() -> GgufReader.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("claims a string");
  }

  private GgufHeader read(Gguf gguf) throws IOException {
    return GgufReader.read(Files.write(folder.resolve("m.gguf"), gguf.bytes()));
  }

  /** Writes a GGUF v3 header with no tensors. */
  private static final class Gguf {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int keys;

    Gguf string(String key, String value) {
      key(key, 8);
      writeString(value);
      return this;
    }

    Gguf bool(String key, boolean value) {
      key(key, 7);
      body.write(value ? 1 : 0);
      return this;
    }

    Gguf u32(String key, int value) {
      key(key, 4);
      body.writeBytes(le(4).putInt(value).array());
      return this;
    }

    Gguf f32(String key, float value) {
      key(key, 6);
      body.writeBytes(le(4).putFloat(value).array());
      return this;
    }

    void key(String key, int type) {
      keys++;
      writeString(key);
      body.writeBytes(le(4).putInt(type).array());
    }

    void u64Raw(long value) {
      body.writeBytes(le(8).putLong(value).array());
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(le(4).putInt(3).array());
      out.writeBytes(le(8).putLong(0).array());
      out.writeBytes(le(8).putLong(keys).array());
      out.writeBytes(body.toByteArray());
      return out.toByteArray();
    }

    private void writeString(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      body.writeBytes(le(8).putLong(utf8.length).array());
      body.writeBytes(utf8);
    }

    private static ByteBuffer le(int size) {
      return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
  }
}
