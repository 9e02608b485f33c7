package dev.strata.server.openai.batch;

import dev.strata.server.openai.JsonFields;
import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.Json;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.FileUpload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/files}: stores the uploaded {@code file} (already read to a temporary file) with
 * its {@code purpose} and optional {@code expires_after}, and answers with the file object.
 */
final class UploadHandler implements BlockingHandler {
  /** The purposes OpenAI accepts for uploads; the {@code *_output} ones are only ever written. */
  static final Set<String> PURPOSES =
      Set.of("assistants", "batch", "fine-tune", "vision", "user_data", "evals");

  private static final Set<String> FORM_FIELDS =
      Set.of("purpose", "expires_after[anchor]", "expires_after[seconds]");
  private static final int MAX_FILENAME_CHARS = 255;
  private static final long MIN_EXPIRY_SECONDS = Duration.ofHours(1).toSeconds();
  private static final long MAX_EXPIRY_SECONDS = Duration.ofDays(30).toSeconds();

  private final OpenAiFiles files;
  private final Clock clock;

  UploadHandler(OpenAiFiles files, Clock clock) {
    this.files = requireNonNull(files, "files");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void handle(Call call) {
    Principal caller = Uploads.principal(call.context());
    MultiMap form = call.request().formAttributes();
    for (String name : form.names()) {
      if (!FORM_FIELDS.contains(name)) {
        throw unknown(name);
      }
    }
    FileUpload upload = onlyFile(call.context().fileUploads());
    String purpose = purpose(form);
    String filename = filename(upload.fileName());
    if (purpose.equals("batch") && !filename.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
      throw JsonFields.invalidValue("file", "Invalid file format for Batch API. Must be .jsonl");
    }
    if (upload.size() > files.maxBytes()) {
      throw Uploads.tooLarge(files.maxBytes());
    }
    Instant now = clock.instant();
    Optional<Instant> expiresAt = expiry(form).map(now::plusSeconds);
    StoredFile file;
    try (InputStream content = Files.newInputStream(Path.of(upload.uploadedFileName()))) {
      file = files.create(caller.tenant(), filename, purpose, content, expiresAt);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the uploaded file back failed", e);
    }
    call.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .end(Json.write(256, json -> FileJson.write(json, file)));
  }

  private static FileUpload onlyFile(List<FileUpload> uploads) {
    FileUpload file = null;
    for (FileUpload upload : uploads) {
      if (!upload.name().equals("file")) {
        throw unknown(upload.name());
      }
      if (file != null) {
        throw JsonFields.invalidValue("file", "Upload one file per request.");
      }
      file = upload;
    }
    if (file == null) {
      throw JsonFields.missing("file");
    }
    return file;
  }

  private static String purpose(MultiMap form) {
    List<String> values = form.getAll("purpose");
    if (values.isEmpty() || values.get(0).isBlank()) {
      throw JsonFields.missing("purpose");
    }
    if (values.size() > 1) {
      throw JsonFields.invalidValue("purpose", "Give 'purpose' once.");
    }
    String purpose = values.get(0).trim();
    if (!PURPOSES.contains(purpose)) {
      throw JsonFields.invalidValue(
          "purpose",
          "Invalid value for 'purpose': '" + purpose + "'. Supported values are: 'assistants',"
              + " 'batch', 'fine-tune', 'vision', 'user_data' and 'evals'.");
    }
    return purpose;
  }

  /** The client's file name without any folders; refused when empty or too long. */
  private static String filename(String given) {
    String name = given == null ? "" : given;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1).strip();
    if (name.isEmpty()) {
      throw JsonFields.invalidValue("file", "The file has no name; send a file name with the upload.");
    }
    if (name.length() > MAX_FILENAME_CHARS || name.chars().anyMatch(Character::isISOControl)) {
      throw JsonFields.invalidValue(
          "file", "The file name must have at most " + MAX_FILENAME_CHARS
              + " characters and no control characters.");
    }
    return name;
  }

  private static Optional<Long> expiry(MultiMap form) {
    String anchor = form.get("expires_after[anchor]");
    String seconds = form.get("expires_after[seconds]");
    if (anchor == null && seconds == null) {
      return Optional.empty();
    }
    if (!"created_at".equals(anchor)) {
      throw JsonFields.invalidValue(
          "expires_after.anchor", "'expires_after.anchor' must be 'created_at'.");
    }
    if (seconds == null) {
      throw JsonFields.missing("expires_after.seconds");
    }
    long value;
    try {
      value = Long.parseLong(seconds.trim());
    } catch (NumberFormatException e) {
      throw JsonFields.invalidValue("expires_after.seconds", "'expires_after.seconds' must be an integer.");
    }
    if (value < MIN_EXPIRY_SECONDS || value > MAX_EXPIRY_SECONDS) {
      throw JsonFields.invalidValue(
          "expires_after.seconds",
          "'expires_after.seconds' must be between " + MIN_EXPIRY_SECONDS + " and "
              + MAX_EXPIRY_SECONDS + ".");
    }
    return Optional.of(value);
  }

  private static StrataException unknown(String name) {
    return StrataException.builder(
            ErrorKind.INVALID_REQUEST,
            "Unrecognized request argument supplied: " + name)
        .param(name)
        .code("unknown_parameter")
        .build();
  }
}
