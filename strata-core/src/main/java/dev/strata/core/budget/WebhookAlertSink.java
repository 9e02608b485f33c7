package dev.strata.core.budget;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.core.json.JsonMappers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts each alert as JSON to every configured webhook from a background thread, retrying with
 * exponential backoff. Each post is signed: {@code X-Strata-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "t.body" with the webhook's secret>}; {@code X-Strata-Event-Id} is the same for
 * every retry of one alert, so a receiver can drop duplicates. At most {@link #QUEUE_CAPACITY}
 * alerts wait; beyond that new ones are dropped with a warning rather than held in memory.
 */
public final class WebhookAlertSink implements AlertSink, AutoCloseable {
  static final int QUEUE_CAPACITY = 1_000;

  private static final System.Logger LOG = System.getLogger(WebhookAlertSink.class.getName());
  private static final ObjectMapper JSON = JsonMappers.create();
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

  private final List<Webhook> webhooks;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final HttpClient client;
  private final BlockingQueue<BudgetAlert> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread sender;
  private volatile boolean closing;

  public WebhookAlertSink(
      List<Webhook> webhooks, Clock clock, int maxAttempts, Duration firstBackoff) {
    this.webhooks = List.copyOf(requireNonNull(webhooks, "webhooks"));
    this.clock = requireNonNull(clock, "clock");
    this.firstBackoff = requireNonNull(firstBackoff, "firstBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive");
    }
    this.maxAttempts = maxAttempts;
    this.client = HttpClient.newBuilder().connectTimeout(ATTEMPT_TIMEOUT).build();
    this.sender = Thread.ofVirtual().name("strata-budget-webhooks").start(this::run);
  }

  @Override
  public void send(BudgetAlert alert) {
    if (webhooks.isEmpty()) {
      return;
    }
    if (!queue.offer(alert)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "budget alert queue full; dropped the " + alert.percent() + "% alert of " + alert.budget().name());
    }
  }

  /** Delivers what is queued, waiting at most {@code timeout}, then stops. */
  public void close(Duration timeout) {
    closing = true;
    sender.interrupt();
    try {
      sender.join(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  private void run() {
    while (true) {
      BudgetAlert alert;
      try {
        alert = closing ? queue.poll() : queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        alert = queue.poll();
      }
      if (alert == null) {
        if (closing) {
          return;
        }
        continue;
      }
      for (Webhook webhook : webhooks) {
        try {
          deliver(webhook, alert);
        } catch (RuntimeException defect) { // must not stop the sender: later alerts still go out
          LOG.log(System.Logger.Level.WARNING, "budget alert to " + webhook.url() + " failed", defect);
        }
      }
    }
  }

  private void deliver(Webhook webhook, BudgetAlert alert) {
    String body = body(alert);
    String eventId =
        alert.budget().id() + ":" + alert.periodStart().toEpochMilli() + ":" + alert.percent();
    Duration backoff = firstBackoff;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (post(webhook, body, eventId)) {
        return;
      }
      if (attempt < maxAttempts && !closing) {
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException e) {
          closing = true;
        }
        backoff = backoff.multipliedBy(2);
      }
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "budget alert " + eventId + " not delivered to " + webhook.url() + " after " + maxAttempts + " attempts");
  }

  private boolean post(Webhook webhook, String body, String eventId) {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(webhook.url())
            .timeout(ATTEMPT_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("X-Strata-Event-Id", eventId)
            .header("X-Strata-Signature", "t=" + timestamp + ",v1=" + sign(webhook.secret(), timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      closing = true;
      return false;
    }
  }

  /** The hex HMAC-SHA256 of {@code timestamp + "." + body} keyed with {@code secret}. */
  public static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static String body(BudgetAlert alert) {
    Budget budget = alert.budget();
    ObjectNode root = JSON.createObjectNode();
    root.put("type", "budget.threshold_crossed");
    ObjectNode node = root.putObject("budget");
    node.put("id", budget.id());
    node.put("name", budget.name());
    node.put("scope", budget.scope().wireForm());
    node.put("period", budget.period().wireName());
    node.put("enforcement", budget.enforcement().wireName());
    node.put("limit_usd", budget.limit().toUsdString());
    root.put("threshold_percent", alert.percent());
    root.put("spent_usd", alert.spent().toUsdString());
    root.put("period_start", alert.periodStart().toString());
    root.put("period_end", alert.periodEnd().toString());
    root.put("at", alert.at().toString());
    return root.toString();
  }
}
