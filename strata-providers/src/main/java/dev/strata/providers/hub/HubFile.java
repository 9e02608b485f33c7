package dev.strata.providers.hub;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A file in a Hugging Face model repository, written {@code OWNER/REPO/PATH/TO/FILE.gguf}
 * (optionally {@code OWNER/REPO@REVISION/FILE}).
 */
public record HubFile(String repository, String revision, String path) {
  public HubFile {
    requireNonNull(repository, "repository");
    requireNonNull(revision, "revision");
    requireNonNull(path, "path");
  }

  /** Parses {@code OWNER/REPO[@REVISION]/FILE}; a malformed reference says what is expected. */
  public static HubFile parse(String reference) {
    String[] parts = reference.split("/", 3);
    if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()
        || parts[2].endsWith("/") || reference.contains("..")) {
      throw new IllegalArgumentException(
          "'" + reference + "' is not a model file reference; expected OWNER/REPO/FILE, e.g."
              + " Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf");
    }
    String repo = parts[1];
    String revision = "main";
    int at = repo.indexOf('@');
    if (at >= 0) {
      revision = repo.substring(at + 1);
      repo = repo.substring(0, at);
    }
    return new HubFile(parts[0] + "/" + repo, revision, parts[2]);
  }

  /** Whether a configured model string names a hub file rather than a local path. */
  public static boolean looksLikeReference(String model) {
    return !model.startsWith("/") && !model.startsWith(".") && !model.startsWith("~")
        && model.split("/").length >= 3;
  }

  /** The file's name without folders. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The download URL on a hub at {@code hubUrl}. */
  public URI downloadUrl(URI hubUrl) {
    String base = hubUrl.toString().replaceAll("/+$", "");
    StringBuilder encodedPath = new StringBuilder();
    for (String segment : path.split("/")) {
      if (!encodedPath.isEmpty()) {
        encodedPath.append('/');
      }
      encodedPath.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return URI.create(base + "/" + repository + "/resolve/"
        + URLEncoder.encode(revision, StandardCharsets.UTF_8) + "/" + encodedPath);
  }

  @Override
  public String toString() {
    return repository + ("main".equals(revision) ? "" : "@" + revision) + "/" + path;
  }
}
