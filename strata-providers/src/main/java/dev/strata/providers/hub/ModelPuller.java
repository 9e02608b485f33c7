package dev.strata.providers.hub;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads a model file from a Hugging Face hub into a folder, verifying its SHA-256 — the one
 * given, or the one the hub publishes for LFS files ({@code X-Linked-ETag}) — and moving it into
 * place only once verified, so a broken download never leaves a file that looks complete.
 */
public final class ModelPuller {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
  private static final int BUFFER = 1 << 16;

  private final URI hubUrl;
  private final HttpClient http;
  private final PullProgress progress;

  public ModelPuller(URI hubUrl, PullProgress progress) {
    this.hubUrl = requireNonNull(hubUrl, "hubUrl");
    this.progress = requireNonNull(progress, "progress");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * Downloads {@code file} into {@code folder} unless it is already there, and returns its path.
   *
   * @throws PullException when the hub cannot be reached, refuses, or the checksum does not match
   */
  public Path pull(HubFile file, Path folder, Optional<String> expectedSha256) {
    Path target = folder.resolve(file.fileName());
    if (Files.isRegularFile(target)) {
      return target;
    }
    URI url = file.downloadUrl(hubUrl);
    try {
      Files.createDirectories(folder);
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(CONNECT_TIMEOUT.multipliedBy(2)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new PullException(
              "the hub answered " + response.statusCode() + " for " + file + " (" + url + ")");
        }
        Optional<String> expected =
            expectedSha256.map(s -> s.toLowerCase(Locale.ROOT)).or(() -> publishedSha256(response));
        long size = response.headers().firstValueAsLong("content-length").orElse(-1);
        Path partial = folder.resolve(file.fileName() + ".part");
        String actual = download(body, partial, size, file.toString());
        if (expected.isPresent() && !expected.get().equals(actual)) {
          Files.deleteIfExists(partial);
          throw new PullException(
              file + ": SHA-256 mismatch — expected " + expected.get() + ", got " + actual
                  + "; the download was discarded");
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        progress.done(file.toString(), target, actual, expected.isPresent());
        return target;
      }
    } catch (IOException e) {
      throw new PullException("cannot download " + file + " from " + url + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PullException("interrupted while downloading " + file, e);
    }
  }

  private String download(InputStream body, Path partial, long size, String name) throws IOException {
    MessageDigest sha256 = sha256();
    AtomicLong received = new AtomicLong();
    AtomicLong lastProgressNanos = new AtomicLong(System.nanoTime());
    ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
    watchdog.scheduleAtFixedRate(
        () -> {
          if (System.nanoTime() - lastProgressNanos.get() > STALL_TIMEOUT.toNanos()) {
            closeQuietly(body);
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
      byte[] buffer = new byte[BUFFER];
      int read;
      while ((read = body.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        lastProgressNanos.set(System.nanoTime());
        progress.advanced(name, received.addAndGet(read), size);
      }
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    } finally {
      watchdog.shutdownNow();
    }
    if (size >= 0 && received.get() != size) {
      Files.deleteIfExists(partial);
      throw new IOException("the download stopped after " + received.get() + " of " + size + " bytes");
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** Hugging Face publishes an LFS file's SHA-256 as its linked ETag. */
  private static Optional<String> publishedSha256(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("x-linked-etag")
        .map(tag -> tag.replace("\"", "").replace("W/", "").toLowerCase(Locale.ROOT))
        .filter(tag -> tag.matches("[0-9a-f]{64}"));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing only to unblock a stalled read
    }
  }

  /** A download that failed; nothing was left in the target folder. */
  public static final class PullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PullException(String message) {
      super(message);
    }

    PullException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
