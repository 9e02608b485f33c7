package dev.strata.providers.local;

import static java.util.Objects.requireNonNull;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatRequest;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.InferenceConfig;
import dev.strata.core.provider.ModelCall;
import dev.strata.core.provider.Provider;
import dev.strata.core.provider.StreamSink;
import dev.strata.core.tokens.TokenCounter;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded local engine: one GGUF model served in process by llama.cpp (java-llama.cpp 4.2.0),
 * with a bounded number of parallel slots whose KV caches are reused across requests that share a
 * prompt prefix. Every native call runs on the engine's own platform threads; callers block on
 * bounded waits, and a request that finds every slot busy for longer than the configured wait fails
 * as {@link ErrorKind#UNAVAILABLE}, which is retryable.
 *
 * <p>One engine serves one model: the upstream model name of a call is ignored, and {@link
 * #modelId()} names the model. Usage is counted with the model's own tokenizer; prompt tokens read
 * from a slot's cache are reported as cache reads. The engine answers in text only — images,
 * documents, tools and JSON response formats are refused as invalid requests — and it offers no
 * embeddings (that needs a model loaded in embedding mode). Callers' text that spells a control
 * token ({@code </s>}, {@code <|im_start|>}) is kept as text. A streaming caller that stops reading
 * holds its slot once {@value Generation#BUFFER} pieces wait for it.
 *
 * <p>Load a model once per process and keep the engine for the life of the process: {@link
 * #close()} stops the engine and its native loop, but llama.cpp 4.2.0's binding never returns the
 * model's native memory, and its native worker thread keeps the JVM from exiting by itself (the
 * application must call {@code System.exit}).
 */
public final class LocalEngineProvider implements Provider {
  /** The longest wait for llama.cpp to load a model. */
  static final Duration LOAD_LIMIT = Duration.ofMinutes(10);

  /** How long {@link #close()} waits for running generations to stop and for the model to close. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

  private static final Logger LOG = System.getLogger(LocalEngineProvider.class.getName());

  private final LocalEngineConfig config;
  private final String modelId;
  private final LlamaModel model;
  private final EngineThreads threads;
  private final EngineTokenizer tokenizer;
  private final SlotTable slots;
  private final Object lifecycle = new Object();
  private final Set<Generation> running = new HashSet<>(); // guarded by lifecycle
  private boolean closed; // guarded by lifecycle

  private LocalEngineProvider(
      LocalEngineConfig config,
      String modelId,
      LlamaModel model,
      EngineThreads threads,
      GgufHeader header) {
    this.config = config;
    this.modelId = modelId;
    this.model = model;
    this.threads = threads;
    this.tokenizer = new EngineTokenizer(model, threads, header);
    this.slots = new SlotTable(config.parallelSlots());
  }

  /**
   * Loads {@code config.modelFile()} into llama.cpp and returns the engine serving it.
   *
   * @throws IllegalArgumentException if the file is missing, unreadable or not a GGUF model
   * @throws IllegalStateException if llama.cpp cannot load it
   */
  public static LocalEngineProvider load(LocalEngineConfig config) {
    requireNonNull(config, "config");
    Path file = config.modelFile().toAbsolutePath().normalize();
    String where = "local engine '" + config.name() + "': ";
    GgufHeader header = readHeader(where, file);
    if (header.trainedContext() > 0 && config.contextPerSlot() > header.trainedContext()) {
      LOG.log(
          Level.WARNING,
          where
              + "the context per slot ("
              + config.contextPerSlot()
              + ") exceeds the "
              + header.trainedContext()
              + " tokens "
              + file.getFileName()
              + " was trained on; answers may degrade");
    }
    CompletionParameters.check();
    EngineThreads threads = new EngineThreads(config.name(), config.parallelSlots());
    long start = System.nanoTime();
    LlamaModel model;
    try {
      model =
          threads.onTokenizer(
              "load the model file " + file,
              LOAD_LIMIT,
              () -> {
                NativeRuntime.prepare();
                LlamaModel loaded = new LlamaModel(modelParameters(config, file));
                NativeRuntime.routeLog();
                return loaded;
              });
    } catch (StrataException e) {
      threads.shutdown();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          where + "llama.cpp could not load the model file " + file + ": " + cause.getMessage(), e);
    }
    LOG.log(
        Level.INFO,
        String.format(
            Locale.ROOT,
            "%sloaded %s in %d ms: %d slots of %d tokens, %d threads",
            where,
            file.getFileName(),
            (System.nanoTime() - start) / 1_000_000,
            config.parallelSlots(),
            config.contextPerSlot(),
            config.effectiveThreads()));
    return new LocalEngineProvider(config, modelId(file), model, threads, header);
  }

  private static GgufHeader readHeader(String where, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(where + "the model file " + file + " does not exist");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(where + "the model file " + file + " is not readable");
    }
    try {
      return GgufReader.read(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          where + "the model file " + file + " cannot be used: " + e.getMessage(), e);
    }
  }

  private static ModelParameters modelParameters(LocalEngineConfig config, Path file) {
    return new ModelParameters()
        .setModel(file.toString())
        .setCtxSize(config.contextSize())
        .setParallel(config.parallelSlots())
        .setThreads(config.effectiveThreads())
        .setThreadsBatch(config.effectiveThreads())
        // An over-long prompt fails instead of being cut silently; the engine checks it first.
        .disableContextShift()
        .disableLog();
  }

  private static String modelId(Path file) {
    String name = file.getFileName().toString();
    return name.toLowerCase(Locale.ROOT).endsWith(".gguf")
        ? name.substring(0, name.length() - ".gguf".length())
        : name;
  }

  @Override
  public String name() {
    return config.name();
  }

  /** The served model, named after its file without {@code .gguf}. */
  public String modelId() {
    return modelId;
  }

  public LocalEngineConfig config() {
    return config;
  }

  /** Answers in one piece; {@code call.upstreamModel()} is ignored — the engine has one model. */
  @Override
  public ChatResponse converse(ModelCall call) {
    return converseStream(call, event -> {});
  }

  /**
   * Streams the answer as it is generated: message start, one text delta per generated piece, block
   * stop, message stop and usage. If {@code sink} throws, the generation is cancelled and its slot
   * freed before the exception propagates.
   */
  @Override
  public ChatResponse converseStream(ModelCall call, StreamSink sink) {
    requireNonNull(call, "call");
    requireNonNull(sink, "sink");
    ensureOpen();
    ChatRequest request = call.request();
    PreparedPrompt prompt = prepare(request);
    int maxTokens = maxTokens(request.inference(), prompt.tokens().length);
    StopMatcher stops = new StopMatcher(request.inference().stopSequences());
    SlotTable.Lease lease = slots.acquire(prompt.tokens(), config.slotWaitTimeout());
    Generation generation;
    try {
      generation =
          new Generation(
              model,
              CompletionParameters.of(
                  prompt.tokens(), lease.slot(), maxTokens, request.inference()),
              stops,
              maxTokens,
              slots,
              lease,
              prompt.tokens());
      start(generation);
    } catch (RuntimeException e) {
      slots.releaseUnchanged(lease.slot());
      throw e;
    }
    return new AnswerRelay(generation, sink, prompt.tokens().length, lease.reusedTokens()).relay();
  }

  /** The model's own tokenizer, whatever {@code upstreamModel} says. */
  @Override
  public Optional<TokenCounter> tokenCounter(String upstreamModel) {
    return Optional.of(tokenizer);
  }

  /**
   * Refuses new calls, cancels running generations (from their own threads) and waits a bounded
   * time for them, then stops llama.cpp. The model's native memory is not returned (see the class
   * comment).
   */
  @Override
  public void close() {
    List<Generation> cancelling;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      cancelling = List.copyOf(running);
    }
    slots.close();
    cancelling.forEach(Generation::requestCancel);
    long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
    for (Generation generation : cancelling) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (!generation.awaitDone(left)) {
        LOG.log(Level.WARNING, "local engine '" + name() + "': a generation did not stop in time");
      }
    }
    try {
      threads.onTokenizer(
          "close the model",
          CLOSE_GRACE,
          () -> {
            model.close();
            return null;
          });
    } catch (StrataException e) {
      LOG.log(Level.WARNING, "local engine '" + name() + "': closing the model failed", e);
    }
    threads.shutdown();
  }

  @Override
  public String toString() {
    return "LocalEngineProvider["
        + config.name()
        + ", "
        + modelId
        + ", "
        + config.parallelSlots()
        + " slots x "
        + config.contextPerSlot()
        + " tokens]";
  }

  /** The prompt the engine would evaluate for {@code request}, checked against the slot size. */
  PreparedPrompt prepare(ChatRequest request) {
    LocalConversation conversation = LocalConversation.of(request);
    String text = tokenizer.chatPrompt(conversation);
    int[] tokens = tokenizer.promptTokens(text);
    int perSlot = config.contextPerSlot();
    if (tokens.length >= perSlot) {
      throw StrataException.invalid(
          "messages",
          "the prompt is "
              + tokens.length
              + " tokens; the local model's context per slot is "
              + perSlot
              + " tokens");
    }
    return new PreparedPrompt(text, tokens);
  }

  /** How many slots are generating now. */
  int busySlots() {
    return slots.busySlots();
  }

  /** How many requests are waiting for a slot now. */
  int waitingRequests() {
    return slots.waitingRequests();
  }

  /**
   * The answer's token limit: the request's or the default, cut to the room left in the slot, so
   * that an answer stopped by the limit has used exactly this many tokens.
   */
  private int maxTokens(InferenceConfig inference, int promptTokens) {
    int requested = inference.maxTokens().orElse(config.defaultMaxOutputTokens());
    if (requested < 1) {
      throw StrataException.invalid(
          "max_tokens", "max_tokens must be at least 1, was " + requested);
    }
    return Math.min(requested, config.contextPerSlot() - promptTokens);
  }

  private void ensureOpen() {
    synchronized (lifecycle) {
      if (closed) {
        throw closedError();
      }
    }
  }

  private void start(Generation generation) {
    synchronized (lifecycle) {
      if (closed) {
        throw closedError();
      }
      running.add(generation);
    }
    try {
      threads.onSlotThread(
          () -> {
            try {
              generation.run();
            } finally {
              synchronized (lifecycle) {
                running.remove(generation);
              }
            }
          });
    } catch (RuntimeException e) {
      synchronized (lifecycle) {
        running.remove(generation);
      }
      throw e;
    }
  }

  private StrataException closedError() {
    return StrataException.builder(
            ErrorKind.UNAVAILABLE, "the local engine '" + name() + "' is closed")
        .build();
  }
}
