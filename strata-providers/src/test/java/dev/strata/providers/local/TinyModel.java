package dev.strata.providers.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Finds the shared test model, {@code llama-2-tiny-random.gguf}, and configures engines for it. */
final class TinyModel {
  static final String FILE = "llama-2-tiny-random.gguf";

  private TinyModel() {}

  /**
   * The model file: under the folder named by {@code strata.shared.dir} (set by the build), else
   * under {@code ../shared} or {@code ../../shared} of the working directory.
   */
  static Path file() {
    List<Path> tried = new ArrayList<>();
    String shared = System.getProperty("strata.shared.dir");
    List<Path> folders = new ArrayList<>();
    if (shared != null) {
      folders.add(Path.of(shared));
    }
    folders.add(Path.of("..", "shared"));
    folders.add(Path.of("..", "..", "shared"));
    for (Path folder : folders) {
      Path file = folder.resolve("models").resolve(FILE).toAbsolutePath().normalize();
      if (Files.isRegularFile(file)) {
        return file;
      }
      tried.add(file);
    }
    throw new IllegalStateException("the test model " + FILE + " is not in any of " + tried);
  }

  /** An engine config for the tiny model with {@code slots} slots of 2048 tokens. */
  static LocalEngineConfig config(int slots, Duration slotWait) {
    return new LocalEngineConfig("local", file(), 2048 * slots, slots, 2, 64, slotWait);
  }
}
