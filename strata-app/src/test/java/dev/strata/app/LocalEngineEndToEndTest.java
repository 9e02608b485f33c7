package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.sun.net.httpserver.HttpServer;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.ledger.UsageSource;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strata with the embedded llama.cpp engine on the tiny random GGUF (gibberish text, real
 * loading, tokenizing and streaming) beside a mock OpenAI upstream: served through the official
 * SDK, metered by machine time, used as the fallback of an alias, and pulled on first start.
 */
@Timeout(180)
class LocalEngineEndToEndTest {
  private static final String TINY = "llama-2-tiny-random.gguf";

  @TempDir Path dir;
  private MockOpenAiUpstream upstream;
  private TestDeployment deployment;

  @BeforeEach
  void startUpstream() {
    upstream = MockOpenAiUpstream.start();
  }

  @AfterEach
  void stop() {
    if (deployment != null) {
      deployment.close();
    }
    upstream.close();
  }

  static Path tinyModel() {
    String shared = System.getProperty("strata.shared.dir", "../../shared");
    Path model = Path.of(shared, "models", TINY);
    if (!Files.isRegularFile(model)) {
      model = Path.of("../shared/models", TINY);
    }
    return model.toAbsolutePath().normalize();
  }

  private OpenAIClient start(String localYaml) throws Exception {
    deployment =
        new TestDeployment(
            dir,
            TestDeployment.mockProvider(upstream.baseUrl())
                + "aliases:\n  default: [gpt-4o-mini, local]\n"
                + localYaml);
    deployment.start();
    return OpenAIOkHttpClient.builder()
        .baseUrl(deployment.baseUrl())
        .apiKey(deployment.createKey())
        .maxRetries(0)
        .build();
  }

  private static String local(Path model) {
    return "local:\n  model: " + model + "\n  parallel: 2\n  contextSize: 2048\n  maxOutputTokens: 24\n"
        + "  machineCostPerHour: \"3.60\"\n";
  }

  @Test
  void localModel_servesPlainAndStreamedCompletions_meteredByMachineTime() throws Exception {
    OpenAIClient client = start(local(tinyModel()));

    ChatCompletion plain =
        client.chat().completions().create(
            ChatCompletionCreateParams.builder().model("local").addUserMessage("Hello there").maxCompletionTokens(8).build());
    StringBuilder streamed = new StringBuilder();
    long streamedCompletionTokens;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(
            ChatCompletionCreateParams.builder()
                .model("llama-2-tiny-random")
                .addUserMessage("Hello again")
                .maxCompletionTokens(8)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build())) {
      List<ChatCompletionChunk> chunks = stream.stream().toList();
      chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
      streamedCompletionTokens = chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens();
    }

    assertThat(plain.model()).isEqualTo("llama-2-tiny-random");
    assertThat(plain.usage().orElseThrow().completionTokens()).isBetween(1L, 8L);
    assertThat(plain.usage().orElseThrow().promptTokens()).isPositive();
    assertThat(streamed).isNotEmpty();
    assertThat(streamedCompletionTokens).isBetween(1L, 8L);
    deployment.close();
    List<UsageRecord> records = records();
    assertThat(records).hasSize(2);
    for (UsageRecord record : records) {
      assertThat(record.provider()).isEqualTo("local");
      assertThat(record.usageSource()).isEqualTo(UsageSource.PROVIDER);
      assertThat(record.priceReference()).contains("machine-time").contains("2 slots");
      // $3.60/h over 2 slots is 0.5 pico-dollars per busy nanosecond: any served call costs something.
      assertThat(record.cost().picoUsd()).isPositive();
    }
    assertThat(records.stream().filter(UsageRecord::streamed).count()).isEqualTo(1);
    assertThat(upstream.requestCount()).isZero();
  }

  @Test
  void alias_fallsBackToTheLocalEngine_whenTheRemoteModelIsUnavailable() throws Exception {
    OpenAIClient client = start(local(tinyModel()));
    upstream.failNext(503, null, "overloaded");
    upstream.failNext(503, null, "overloaded");

    ChatCompletion completion =
        client.chat().completions().create(
            ChatCompletionCreateParams.builder().model("default").addUserMessage("Hi").maxCompletionTokens(4).build());

    assertThat(completion.model()).isEqualTo("llama-2-tiny-random");
    assertThat(upstream.requestCount()).isEqualTo(2);
    deployment.close();
    UsageRecord record = records().get(0);
    assertThat(record.requestedModel()).isEqualTo("default");
    assertThat(record.servedModel()).isEqualTo("llama-2-tiny-random");
  }

  @Test
  void firstStart_pullsTheLocalModelFromTheHub_verifyingItsChecksum() throws Exception {
    byte[] gguf = Files.readAllBytes(tinyModel());
    String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(gguf));
    HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hub.createContext(
        "/acme/tiny-GGUF/resolve/main/" + TINY,
        exchange -> {
          exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
          exchange.sendResponseHeaders(200, gguf.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(gguf);
          }
        });
    hub.start();
    try {
      OpenAIClient client =
          start(
              "local:\n  model: acme/tiny-GGUF/" + TINY + "\n  hubUrl: http://127.0.0.1:"
                  + hub.getAddress().getPort() + "\n  contextSize: 1024\n  maxOutputTokens: 8\n");

      assertThat(dir.resolve("data/models/" + TINY)).exists();
      assertThat(deployment.console()).contains("verified SHA-256 " + sha);
      ChatCompletion completion =
          client.chat().completions().create(
              ChatCompletionCreateParams.builder().model("local").addUserMessage("Hi").build());
      assertThat(completion.model()).isEqualTo("llama-2-tiny-random");
    } finally {
      hub.stop(0);
    }
  }

  @Test
  void unreachableHub_warnsAndServesTheOtherModels() throws Exception {
    HttpServer closed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int port = closed.getAddress().getPort();
    closed.stop(0);

    OpenAIClient client =
        start("local:\n  model: acme/tiny-GGUF/" + TINY + "\n  hubUrl: http://127.0.0.1:" + port + "\n");

    assertThat(deployment.console()).contains("warning").contains("the local engine is off");
    ChatCompletion viaAlias =
        client.chat().completions().create(
            ChatCompletionCreateParams.builder().model("default").addUserMessage("Hi").build());
    assertThat(viaAlias.model()).isEqualTo("gpt-4o-mini");
    assertThat(deployment.strata().catalog().model("llama-2-tiny-random")).isEmpty();
    assertThat(deployment.strata().catalog().resolve("default"))
        .extracting(dev.strata.core.catalog.ModelEntry::name)
        .containsExactly("gpt-4o-mini");
  }

  private List<UsageRecord> records() {
    try (Database database = Database.open(deployment.config().storeUrl())) {
      return new SqlLedgerReader(database).latest(100).stream().collect(Collectors.toList());
    }
  }
}
