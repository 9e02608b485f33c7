package dev.strata.providers.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.StreamEvent;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamAccumulator;
import dev.strata.core.provider.StreamSink;
import dev.strata.providers.http.RetryPolicy;
import dev.strata.providers.http.RetryingCaller;
import dev.strata.providers.http.Sleeper;
import dev.strata.providers.http.UpstreamErrors;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * A {@link Provider} for Amazon Bedrock's Converse and ConverseStream APIs on the AWS SDK's async
 * client, which signs every request with SigV4. The SDK's own retries are off: throttled,
 * unavailable and timed-out calls are retried by Strata's {@link RetryingCaller} with jittered
 * backoff, and a stream only while nothing of it has been relayed.
 */
public final class BedrockProvider implements Provider {
  static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final BedrockProviderConfig config;
  private final BedrockRuntimeAsyncClient client;
  private final RetryingCaller retrying;

  private BedrockProvider(
      BedrockProviderConfig config, BedrockRuntimeAsyncClient client, RetryingCaller retrying) {
    this.config = config;
    this.client = client;
    this.retrying = retrying;
  }

  /** A provider with its own SDK client and connection pool, closed by {@link #close()}. */
  public static BedrockProvider create(BedrockProviderConfig config) {
    return create(config, Sleeper.THREAD);
  }

  /** As {@link #create(BedrockProviderConfig)}, with the pauses between retries under control. */
  static BedrockProvider create(BedrockProviderConfig config, Sleeper sleeper) {
    requireNonNull(config, "config");
    requireNonNull(sleeper, "sleeper");
    RetryingCaller retrying =
        new RetryingCaller(
            config.name(),
            new RetryPolicy(config.maxRetries(), INITIAL_BACKOFF, MAX_BACKOFF),
            sleeper,
            () -> ThreadLocalRandom.current().nextDouble());
    BedrockRuntimeAsyncClientBuilder builder =
        BedrockRuntimeAsyncClient.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials(config))
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .connectionTimeout(config.connectTimeout())
                    .readTimeout(config.readTimeout())
                    .maxConcurrency(config.maxConnections()))
            .overrideConfiguration(
                override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
    config.endpointOverride().ifPresent(builder::endpointOverride);
    return new BedrockProvider(config, builder.build(), retrying);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChatResponse converse(ModelCall call) {
    requireNonNull(call, "call");
    ConverseRequests request = ConverseRequests.of(call);
    return retrying.call(() -> ConverseAnswers.response(converseOnce(request)));
  }

  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    requireNonNull(call, "call");
    requireNonNull(sink, "sink");
    ConverseRequests request = ConverseRequests.of(call);
    Relay relay = new Relay(sink);
    try {
      retrying.call(() -> streamOnce(request, relay), relay::hasRelayed);
    } catch (SinkFailure failure) {
      throw failure.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(failure.getCause());
    }
    return relay.answer();
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "BedrockProvider["
        + config.name()
        + ", "
        + config.region()
        + config.endpointOverride().map(uri -> ", " + uri).orElse("")
        + "]";
  }

  private ConverseResponse converseOnce(ConverseRequests request) {
    CompletableFuture<ConverseResponse> future = client.converse(request.converse());
    try {
      return future.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw UpstreamErrors.timeout(name(), "waiting for the answer", config.requestTimeout());
    } catch (InterruptedException e) {
      future.cancel(true);
      throw UpstreamErrors.interrupted(name());
    } catch (ExecutionException e) {
      throw BedrockErrors.map(name(), e);
    }
  }

  private Void streamOnce(ConverseRequests request, Relay relay) {
    EventQueue queue = new EventQueue();
    ConverseStreamResponseHandler handler =
        ConverseStreamResponseHandler.builder()
            .onEventStream(publisher -> publisher.subscribe(queue))
            .onError(queue::fail)
            .build();
    CompletableFuture<Void> future = client.converseStream(request.converseStream(), handler);
    future.whenComplete(
        (done, failure) -> {
          if (failure != null) {
            queue.fail(failure);
          }
        });
    boolean ended = false;
    try {
      pump(queue, relay);
      ended = true;
      return null;
    } catch (StrataException failure) {
      throw relay.hasRelayed() ? brokenAfterRelaying(failure) : failure;
    } finally {
      if (!ended) {
        queue.cancel();
        future.cancel(true);
      }
    }
  }

  private void pump(EventQueue queue, Relay relay) {
    Duration wait = config.connectTimeout().plus(config.readTimeout());
    boolean stopped = false;
    while (true) {
      EventQueue.Item item;
      try {
        item = queue.next(wait);
      } catch (InterruptedException e) {
        throw UpstreamErrors.interrupted(name());
      }
      switch (item) {
        case null -> throw UpstreamErrors.timeout(name(), "waiting for the stream", wait);
        case EventQueue.Next next -> {
          Optional<StreamEvent> event = StreamEvents.canonical(next.event());
          if (event.isPresent()) {
            stopped |= event.get() instanceof StreamEvent.MessageStop;
            relay.accept(event.get(), queue);
          }
          wait = config.readTimeout();
          queue.requestNext();
        }
        case EventQueue.End end -> {
          if (!stopped) {
            throw UpstreamErrors.malformed(name(), "a stream that ended before messageStop", null);
          }
          return;
        }
        case EventQueue.Failed failed -> throw BedrockErrors.map(name(), failed.failure());
      }
    }
  }

  private static StrataException brokenAfterRelaying(StrataException failure) {
    return StrataException.builder(
            failure.kind() == ErrorKind.UNAVAILABLE ? ErrorKind.UPSTREAM_ERROR : failure.kind(),
            "the streamed answer broke off after it had begun: " + failure.getMessage())
        .retryable(false)
        .cause(failure)
        .build();
  }

  private static AwsCredentialsProvider credentials(BedrockProviderConfig config) {
    if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** Relays canonical events to the caller's sink and assembles the answer from them. */
  private static final class Relay {
    private final StreamSink sink;
    private final StreamAccumulator accumulator = new StreamAccumulator();
    private boolean relayed;

    Relay(StreamSink sink) {
      this.sink = sink;
    }

    /** A throwing sink cancels the stream; its exception reaches the caller unchanged. */
    void accept(StreamEvent event, EventQueue queue) {
      relayed = true;
      accumulator.accept(event);
      try {
        sink.accept(event);
      } catch (RuntimeException e) {
        queue.cancel();
        throw new SinkFailure(e);
      }
    }

    boolean hasRelayed() {
      return relayed;
    }

    ChatResponse answer() {
      return accumulator.response();
    }
  }

  /** Carries a sink's own exception past the retrying caller. */
  private static final class SinkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SinkFailure(RuntimeException cause) {
      super(cause);
    }
  }
}
