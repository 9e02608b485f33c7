package dev.strata.providers.anthropic;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.provider.NativeBatchCall;
import dev.strata.core.provider.NativeBatchPoll;
import dev.strata.core.provider.NativeBatchPoll.NativeBatchResult;
import dev.strata.core.provider.NativeBatches;
import dev.strata.providers.http.JsonCalls;
import dev.strata.providers.http.JsonLinesDownload;
import dev.strata.providers.http.UpstreamErrors;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Anthropic's Message Batches as {@link NativeBatches}: the calls are sent as one batch ({@code
 * POST /v1/messages/batches}), polling reads it and, once it has ended, reads its results from its
 * {@code results_url} — only from the API's own host, which is sent the API key. A batch creation
 * whose answer was lost is not sent again: it may have created a batch that would be paid for
 * twice.
 */
final class AnthropicNativeBatches implements NativeBatches {
  /** A result line (one message) larger than this is not a message. */
  static final int MAX_RESULT_LINE_BYTES = 32 * 1024 * 1024;

  /** Ids go into request paths, so they may hold only what Anthropic's ids hold. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

  private final AnthropicProviderConfig config;
  private final JsonCalls calls;

  AnthropicNativeBatches(AnthropicProviderConfig config, JsonCalls calls) {
    this.config = requireNonNull(config, "config");
    this.calls = requireNonNull(calls, "calls");
  }

  @Override
  public String submit(List<NativeBatchCall> batch) {
    requireNonNull(batch, "batch");
    byte[] body = MessageBatchRequests.write(batch, config.defaultMaxTokens());
    try {
      MessageBatchObject created =
          MessageBatchObject.parse(
              name(),
              calls.postOnce(
                  uri("/v1/messages/batches"),
                  body,
                  "application/json",
                  "the Message Batches API"));
      return upstreamId(created.id());
    } catch (StrataException failure) {
      if (failure.kind() != ErrorKind.NOT_FOUND) {
        throw failure;
      }
      throw StrataException.builder(
              ErrorKind.UPSTREAM_ERROR,
              "upstream '"
                  + name()
                  + "' does not offer Anthropic's Message Batches API (HTTP 404); set nativeBatch"
                  + " to false for this provider so that its batch jobs run on demand")
          .code("native_batch_unsupported")
          .cause(failure)
          .build();
    }
  }

  @Override
  public NativeBatchPoll poll(String upstreamBatchId) {
    MessageBatchObject batch = retrieve(batchId(upstreamBatchId));
    if (batch.isRunning()) {
      return new NativeBatchPoll.Running(batch.done(), batch.total());
    }
    if (batch.hasEnded()) {
      return new NativeBatchPoll.Ended(new ArrayList<>(results(batch).values()));
    }
    throw UpstreamErrors.malformed(
        name(),
        "a message batch with the status '"
            + batch.processingStatus()
            + "', which Strata does not know",
        null);
  }

  @Override
  public void cancel(String upstreamBatchId) {
    String id = batchId(upstreamBatchId);
    try {
      calls.post(
          uri("/v1/messages/batches/" + id + "/cancel"), new byte[0], null, "batch '" + id + "'");
    } catch (StrataException refused) {
      // A batch that ended meanwhile cannot be cancelled, and need not be.
      if (refused.kind() == ErrorKind.NOT_FOUND || retrieve(id).isRunning()) {
        throw refused;
      }
    }
  }

  @Override
  public String toString() {
    return "AnthropicNativeBatches[" + name() + ", " + config.baseUrl() + "]";
  }

  private MessageBatchObject retrieve(String id) {
    return MessageBatchObject.parse(
        name(), calls.get(uri("/v1/messages/batches/" + id), "batch '" + id + "'"));
  }

  /** The results by custom id, the first of a repeated id kept. */
  private Map<String, NativeBatchResult> results(MessageBatchObject batch) {
    URI url =
        batch
            .resultsUrl()
            .map(this::sameHost)
            .orElseGet(() -> uri("/v1/messages/batches/" + batch.id() + "/results"));
    return calls.readLines(
        url,
        "the results of batch '" + batch.id() + "'",
        new JsonLinesDownload(name(), MessageBatchRequests.MAX_REQUESTS, MAX_RESULT_LINE_BYTES),
        LinkedHashMap<String, NativeBatchResult>::new,
        (read, line) ->
            MessageBatchResultLine.parse(name(), line)
                .ifPresent(result -> read.putIfAbsent(result.customId(), result)));
  }

  /** The results URL, if it is on the API's own host: the API key goes with it. */
  private URI sameHost(String resultsUrl) {
    URI url;
    try {
      url = URI.create(resultsUrl);
    } catch (IllegalArgumentException e) {
      throw UpstreamErrors.malformed(name(), "a results_url that is not a URL", e);
    }
    URI base = config.baseUrl();
    boolean same =
        base.getScheme().equalsIgnoreCase(String.valueOf(url.getScheme()))
            && base.getHost().equalsIgnoreCase(String.valueOf(url.getHost()))
            && port(base) == port(url);
    if (!same) {
      throw UpstreamErrors.malformed(
          name(),
          "a results_url on another host than its API ("
              + url.getHost()
              + "); Strata does not send the API key there",
          null);
    }
    return url;
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
  }

  /** {@code base}'s path with {@code path} appended. */
  private URI uri(String path) {
    URI base = config.baseUrl();
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    while (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + path);
  }

  private static String batchId(String id) {
    requireNonNull(id, "upstreamBatchId");
    if (!ID.matcher(id).matches()) {
      throw StrataException.invalid("upstreamBatchId", "'" + id + "' is not a message batch id");
    }
    return id;
  }

  private String upstreamId(String id) {
    if (!ID.matcher(id).matches()) {
      String shown = id.length() <= 100 ? id : id.substring(0, 100) + "…";
      throw UpstreamErrors.malformed(
          name(), "a batch id '" + shown + "', which is not an id", null);
    }
    return id;
  }

  private String name() {
    return config.name();
  }
}
