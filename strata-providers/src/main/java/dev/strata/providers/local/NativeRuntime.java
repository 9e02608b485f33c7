package dev.strata.providers.local;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.args.LogFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process-wide side of llama.cpp: where its native library is unpacked, and where its log goes.
 * Both are global to the process by nature, so this is the one place that touches them.
 */
final class NativeRuntime {
  /** The folder java-llama.cpp unpacks its native library into. */
  static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";

  private static final Logger LOG = System.getLogger("dev.strata.providers.local.llama");
  private static final Object LOCK = new Object();
  private static boolean prepared;

  private NativeRuntime() {}

  /**
   * Before the first model loads: gives the native library a fresh folder of its own — the library
   * deletes every {@code llama*} and {@code jllama*} file in its folder when it starts, so a shared
   * folder (the system temp dir, by default) would lose other processes' files — unless {@value
   * #TMPDIR_PROPERTY} is already set; then loads the library and routes its log.
   */
  static void prepare() {
    synchronized (LOCK) {
      if (prepared) {
        return;
      }
      if (System.getProperty(TMPDIR_PROPERTY) == null) {
        try {
          Path folder = Files.createTempDirectory("strata-llama-");
          // Registered before the library file (which the loader registers itself), so it is
          // deleted after it, once empty.
          folder.toFile().deleteOnExit();
          System.setProperty(TMPDIR_PROPERTY, folder.toString());
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot create a folder for llama.cpp's native library", e);
        }
      }
      routeLog();
      prepared = true;
    }
  }

  /**
   * Sends llama.cpp's log (which the model parameters mostly silence) to this class's logger at
   * DEBUG. Called again after each load, since loading resets the native log hooks.
   */
  static void routeLog() {
    LlamaModel.setLogger(LogFormat.TEXT, NativeRuntime::forward);
  }

  private static void forward(LogLevel level, String message) {
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, "[llama.cpp " + level + "] " + message.strip());
    }
  }
}
