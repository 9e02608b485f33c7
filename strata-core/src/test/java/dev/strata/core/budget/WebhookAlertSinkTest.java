package dev.strata.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strata.core.money.Money;
import dev.strata.core.testing.ManualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookAlertSinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "whsec-test-4f1c";
  private static final Duration FAST = Duration.ofMillis(5);
  private static final Instant PERIOD_START = Instant.parse("2025-06-30T22:00:00Z");
  private static final Budget BUDGET =
      new Budget(
          "b-42", "Search team", BudgetScope.parse("team:search"), BudgetPeriod.DAILY,
          Money.ofUsd("25"), Enforcement.SOFT, List.of(50, 80, 100));

  private final ManualClock clock = ManualClock.at("2025-07-01T10:00:00Z");
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private final List<WebhookAlertSink> sinks = new ArrayList<>();
  private HttpServer server;

  /** One POST the receiver got. */
  private record Received(String path, String eventId, String signature, String type, String body) {}

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::receive);
    server.start();
  }

  @AfterEach
  void stop() {
    sinks.forEach(sink -> sink.close(Duration.ofSeconds(5)));
    server.stop(0);
  }

  private void receive(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(
        new Received(
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("X-Strata-Event-Id"),
            exchange.getRequestHeaders().getFirst("X-Strata-Signature"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            body));
    Integer status = statuses.poll();
    exchange.sendResponseHeaders(status == null ? 204 : status, -1);
    exchange.close();
  }

  private Webhook webhook(String path, String secret) {
    return new Webhook(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), secret);
  }

  private WebhookAlertSink sink(int maxAttempts, Webhook... webhooks) {
    WebhookAlertSink sink = new WebhookAlertSink(List.of(webhooks), clock, maxAttempts, FAST);
    sinks.add(sink);
    return sink;
  }

  private BudgetAlert alert(int percent) {
    return new BudgetAlert(
        BUDGET, percent, Money.ofUsd("20.5"), PERIOD_START, Instant.parse("2025-07-01T22:00:00Z"),
        clock.instant());
  }

  private Received next() throws InterruptedException {
    Received next = received.poll(10, TimeUnit.SECONDS);
    assertThat(next).as("a webhook post within 10 s").isNotNull();
    return next;
  }

  private static String hmac(String secret, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Checks the signature as a receiver would: the HMAC of "t.body" under the shared secret. */
  private static void assertSignedWith(String secret, Received post, long expectedTimestamp)
      throws Exception {
    assertThat(post.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
    String[] parts = post.signature().split(",");
    long timestamp = Long.parseLong(parts[0].substring(2));
    assertThat(timestamp).isEqualTo(expectedTimestamp);
    assertThat(parts[1].substring(3)).isEqualTo(hmac(secret, timestamp + "." + post.body()));
  }

  @Test
  void send_postsTheAlertAsSignedJson() throws Exception {
    WebhookAlertSink sink = sink(3, webhook("/hook", SECRET));

    sink.send(alert(80));

    Received post = next();
    assertThat(post.path()).isEqualTo("/hook");
    assertThat(post.type()).isEqualTo("application/json");
    assertThat(post.eventId()).isEqualTo("b-42:" + PERIOD_START.toEpochMilli() + ":80");
    assertSignedWith(SECRET, post, clock.instant().getEpochSecond());
    assertThat(post.signature()).doesNotContain(hmac("another-secret", "x"));
    JsonNode body = JSON.readTree(post.body());
    assertThat(body.path("type").asText()).isEqualTo("budget.threshold_crossed");
    assertThat(body.path("budget").path("id").asText()).isEqualTo("b-42");
    assertThat(body.path("budget").path("name").asText()).isEqualTo("Search team");
    assertThat(body.path("budget").path("scope").asText()).isEqualTo("team:search");
    assertThat(body.path("budget").path("period").asText()).isEqualTo("daily");
    assertThat(body.path("budget").path("enforcement").asText()).isEqualTo("soft");
    assertThat(body.path("budget").path("limit_usd").asText()).isEqualTo("25");
    assertThat(body.path("threshold_percent").asInt()).isEqualTo(80);
    assertThat(body.path("spent_usd").asText()).isEqualTo("20.5");
    assertThat(body.path("period_start").asText()).isEqualTo("2025-06-30T22:00:00Z");
    assertThat(body.path("period_end").asText()).isEqualTo("2025-07-01T22:00:00Z");
    assertThat(body.path("at").asText()).isEqualTo("2025-07-01T10:00:00Z");
  }

  @Test
  void sign_isTheHexHmacOfTimestampDotBody() throws Exception {
    assertThat(WebhookAlertSink.sign(SECRET, 1_751_364_000L, "{\"a\":1}"))
        .isEqualTo(hmac(SECRET, "1751364000.{\"a\":1}"));
  }

  @Test
  void send_serverError_isRetriedWithTheSameEventIdUntilItSucceeds() throws Exception {
    statuses.addAll(List.of(500, 503));
    WebhookAlertSink sink = sink(5, webhook("/hook", SECRET));

    sink.send(alert(100));
    sink.send(alert(50));

    Received first = next();
    Received second = next();
    Received third = next();
    assertThat(List.of(first.eventId(), second.eventId(), third.eventId()))
        .containsOnly("b-42:" + PERIOD_START.toEpochMilli() + ":100");
    assertThat(List.of(second.body(), third.body())).containsOnly(first.body());
    assertSignedWith(SECRET, third, clock.instant().getEpochSecond());
    // One sender posts in order: after the success comes the next alert, not another retry.
    assertThat(next().eventId()).endsWith(":50");
  }

  @Test
  void send_failingEveryAttempt_givesUpAfterMaxAttemptsAndDeliversTheNextAlert()
      throws Exception {
    statuses.addAll(List.of(500, 500, 500));
    WebhookAlertSink sink = sink(3, webhook("/hook", SECRET));

    sink.send(alert(50));
    sink.send(alert(80));

    List<String> eventIds = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      eventIds.add(next().eventId());
    }
    String prefix = "b-42:" + PERIOD_START.toEpochMilli() + ":";
    assertThat(eventIds).containsExactly(prefix + 50, prefix + 50, prefix + 50, prefix + 80);
  }

  @Test
  void send_toSeveralWebhooks_signsEachWithItsOwnSecret() throws Exception {
    WebhookAlertSink sink = sink(3, webhook("/one", "secret-one"), webhook("/two", "secret-two"));

    sink.send(alert(50));

    Received one = next();
    Received two = next();
    assertThat(List.of(one.path(), two.path())).containsExactly("/one", "/two");
    assertSignedWith("secret-one", one, clock.instant().getEpochSecond());
    assertSignedWith("secret-two", two, clock.instant().getEpochSecond());
  }

  @Test
  void send_unreachableWebhook_doesNotStopDeliveryToTheOthers() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Webhook dead = new Webhook(URI.create("http://127.0.0.1:" + closedPort + "/hook"), SECRET);
    WebhookAlertSink sink = sink(2, dead, webhook("/alive", SECRET));

    sink.send(alert(50));
    sink.send(alert(80));

    assertThat(next().eventId()).endsWith(":50");
    assertThat(next().eventId()).endsWith(":80");
  }

  @Test
  void send_defectDeliveringOneAlert_doesNotStopTheSender() throws Exception {
    AtomicBoolean broke = new AtomicBoolean();
    Clock breaksOnce =
        new Clock() {
          @Override
          public Instant instant() {
            if (broke.compareAndSet(false, true)) {
              throw new IllegalStateException("clock broke");
            }
            return clock.instant();
          }

          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }
        };
    WebhookAlertSink sink =
        new WebhookAlertSink(List.of(webhook("/hook", SECRET)), breaksOnce, 3, FAST);
    sinks.add(sink);

    sink.send(alert(50)); // lost to the defect
    sink.send(alert(80));

    assertThat(next().eventId()).endsWith(":80");
  }

  @Test
  void close_deliversWhatIsQueuedFirst() throws Exception {
    WebhookAlertSink sink = sink(3, webhook("/hook", SECRET));
    for (int percent = 10; percent <= 50; percent += 10) {
      sink.send(alert(percent));
    }

    sink.close(Duration.ofSeconds(10));

    List<Received> posts = new ArrayList<>();
    received.drainTo(posts);
    // An attempt cut short by close may be sent again; receivers drop repeats by event id.
    assertThat(posts.stream().map(Received::eventId).distinct())
        .hasSize(5)
        .allSatisfy(id -> assertThat(id).startsWith("b-42:"));
  }

  @Test
  void send_withoutWebhooks_doesNothing() {
    WebhookAlertSink sink = sink(3);

    sink.send(alert(50));
    sink.close(Duration.ofSeconds(5));

    assertThat(received).isEmpty();
  }

  @Test
  void constructor_maxAttemptsBelowOne_isRejected() {
    assertThatThrownBy(() -> new WebhookAlertSink(List.of(), clock, 0, FAST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void webhook_toStringNeverShowsTheSecret() {
    Webhook webhook = new Webhook(URI.create("https://hooks.example.com/strata"), SECRET);

    assertThat(webhook.toString()).contains("hooks.example.com").doesNotContain(SECRET);
  }

  @Test
  void webhook_needsAnHttpUrlWithAHostAndASecret() {
    assertThatThrownBy(() -> new Webhook(URI.create("ftp://example.com/x"), SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Webhook(URI.create("/relative"), SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Webhook(URI.create("http:///no-host"), SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host");
    assertThatThrownBy(() -> new Webhook(URI.create("https://example.com/x"), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret");
  }
}
