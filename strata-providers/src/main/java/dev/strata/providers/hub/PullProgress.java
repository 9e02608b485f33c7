package dev.strata.providers.hub;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Reports a download's progress. */
public interface PullProgress {
  void advanced(String name, long bytes, long totalBytes);

  void done(String name, Path file, String sha256, boolean verified);

  /** Reports nothing. */
  PullProgress SILENT =
      new PullProgress() {
        @Override
        public void advanced(String name, long bytes, long totalBytes) {}

        @Override
        public void done(String name, Path file, String sha256, boolean verified) {}
      };

  /** A one-line progress bar redrawn in place on a terminal stream. */
  static PullProgress bar(PrintStream out) {
    return new PullProgress() {
      private static final int WIDTH = 30;
      private long lastDrawNanos;
      private final long started = System.nanoTime();

      @Override
      public void advanced(String name, long bytes, long totalBytes) {
        long now = System.nanoTime();
        if (now - lastDrawNanos < 100_000_000L && bytes != totalBytes) {
          return;
        }
        lastDrawNanos = now;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        String rate = String.format(Locale.ROOT, "%.1f MB/s", bytes / 1e6 / seconds);
        if (totalBytes > 0) {
          int filled = (int) (WIDTH * bytes / totalBytes);
          out.printf(
              Locale.ROOT,
              "\r%s [%s%s] %3d%% %.1f/%.1f MB %s",
              name,
              "#".repeat(filled),
              " ".repeat(WIDTH - filled),
              100 * bytes / totalBytes,
              bytes / 1e6,
              totalBytes / 1e6,
              rate);
        } else {
          out.printf(Locale.ROOT, "\r%s %.1f MB %s", name, bytes / 1e6, rate);
        }
        out.flush();
      }

      @Override
      public void done(String name, Path file, String sha256, boolean verified) {
        out.println();
        out.println(
            (verified ? "verified" : "downloaded (no published checksum)") + " SHA-256 " + sha256
                + " → " + file);
        out.flush();
      }
    };
  }
}
