package dev.strata.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Loading what is not a model, and closing an engine that is answering. */
@Timeout(60)
class LocalEngineLifecycleTest {

  @Test
  void load_missingFile_failsNamingTheFile(@TempDir Path folder) {
    Path missing = folder.resolve("nothing-here.gguf");

    assertThatThrownBy(
            () ->
                LocalEngineProvider.load(
                    new LocalEngineConfig("local", missing, 2048, 1, 2, 64, Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void load_aFileThatIsNotGguf_failsNamingTheFile(@TempDir Path folder) throws Exception {
    Path junk = Files.writeString(folder.resolve("junk.gguf"), "definitely not a model");

    assertThatThrownBy(
            () ->
                LocalEngineProvider.load(
                    new LocalEngineConfig("local", junk, 2048, 1, 2, 64, Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(junk.toString())
        .hasMessageContaining("not a GGUF file");
  }

  @Test
  void load_aGgufThatLlamaCppCannotLoad_failsNamingTheFile(@TempDir Path folder) throws Exception {
    // A valid header without any tensors: Java accepts it, llama.cpp does not.
    Path empty =
        Files.write(
            folder.resolve("empty.gguf"),
            new GgufBytes().string("general.architecture", "llama").bytes());

    assertThatThrownBy(
            () ->
                LocalEngineProvider.load(
                    new LocalEngineConfig("local", empty, 2048, 1, 2, 64, Duration.ZERO)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("llama.cpp could not load the model file " + empty);
  }

  @Test
  void close_cancelsARunningAnswerAndRefusesNewCalls() throws Exception {
    LocalEngineProvider engine = LocalEngineProvider.load(TinyModel.config(1, Duration.ZERO));
    GatedSink gate = new GatedSink();
    CompletableFuture<ChatResponse> answering =
        LocalEngineSlotsTest.inVirtualThread(
            () ->
                engine.converseStream(
                    Requests.call("a long answer", Generation.BUFFER + 500, 1), gate));
    assertThat(gate.awaitHolding()).isTrue();

    engine.close();
    gate.release();

    // The answer had begun, so it cannot be retried elsewhere: an upstream error.
    assertThatThrownBy(() -> answering.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    assertThat(gate.events()).noneMatch(e -> e instanceof StreamEvent.MessageStop);
    assertThat(engine.busySlots()).isZero();
    assertThatThrownBy(() -> engine.converse(Requests.call("anyone?", 2, 1)))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.getMessage()).contains("closed");
            });
    engine.close(); // a second close does nothing
  }
}
