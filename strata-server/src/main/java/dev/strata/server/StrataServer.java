package dev.strata.server;

import static java.util.Objects.requireNonNull;

import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.BodyBudget;
import dev.strata.server.http.EventLoopCarriers;
import dev.strata.server.http.RequestExecutor;
import dev.strata.server.metrics.MetricsEndpoint;
import dev.strata.server.openai.OpenAiErrors;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Strata's HTTP server: the OpenAI-compatible API, the admin API and {@code /health} over HTTP/1.1.
 * Requests are read on Vert.x event loops and served on virtual threads, one per request, so the
 * blocking request path never holds an event loop.
 */
public final class StrataServer implements AutoCloseable {
  /** How long {@link #close()} lets in-flight requests, streams included, finish. */
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(30);

  private static final System.Logger LOG = System.getLogger(StrataServer.class.getName());
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STRAGGLER_WAIT = Duration.ofSeconds(5);
  private static final Duration DRAIN_TIMEOUT_WITHOUT_IDLE = Duration.ofMinutes(1);
  private static final int MAX_IN_FLIGHT = 10_000;

  private final Vertx vertx;
  private final List<HttpServer> servers;
  private final String deployment;
  private final RequestExecutor executor;
  private final BodyBudget bodyBudget;
  private final int port;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StrataServer(
      Vertx vertx,
      List<HttpServer> servers,
      String deployment,
      RequestExecutor executor,
      BodyBudget bodyBudget,
      int port) {
    this.vertx = vertx;
    this.servers = List.copyOf(servers);
    this.deployment = deployment;
    this.executor = executor;
    this.bodyBudget = bodyBudget;
    this.port = port;
  }

  /**
   * Starts listening and returns once the port is bound. Call it from a plain or virtual thread,
   * never from a Vert.x event loop. The caller keeps owning {@code vertx}.
   *
   * @throws IllegalStateException when the server cannot listen, e.g. the port is taken
   */
  public static StrataServer start(Vertx vertx, ServerOptions options, Gateway gateway) {
    return start(vertx, options, gateway, Optional.empty());
  }

  /**
   * Starts listening as {@link #start(Vertx, ServerOptions, Gateway)} does, serving {@code GET
   * /metrics} from {@code metrics} when present.
   */
  public static StrataServer start(
      Vertx vertx, ServerOptions options, Gateway gateway, Optional<MetricsEndpoint> metrics) {
    requireNonNull(vertx, "vertx");
    requireNonNull(options, "options");
    requireNonNull(gateway, "gateway");
    requireNonNull(metrics, "metrics");
    RequestExecutor executor = executor(options.scheduler());
    BodyBudget bodyBudget = new BodyBudget(options.maxBufferedBodyBytes());
    BlockingEndpoints endpoints =
        new BlockingEndpoints(
            executor, new OpenAiErrors(), gateway.clock(), options.maxBodyBytes(), bodyBudget);
    Duration drainTimeout =
        options.idleTimeout().isZero() ? DRAIN_TIMEOUT_WITHOUT_IDLE : options.idleTimeout();
    long created = gateway.clock().instant().getEpochSecond();
    Supplier<Router> routers =
        () -> Routes.router(vertx, gateway, endpoints, drainTimeout, created, metrics);
    List<HttpServer> servers = new CopyOnWriteArrayList<>();
    int listeners = Math.max(1, Runtime.getRuntime().availableProcessors());
    String deployment;
    try {
      deployment = deploy(vertx, httpOptions(options), routers, servers, listeners);
    } catch (Exception e) { // Vert.x rethrows checked failures such as BindException unchecked
      executor.close();
      throw new IllegalStateException(
          "cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    }
    int port = servers.get(0).actualPort();
    LOG.log(
        Level.INFO,
        "listening on "
            + options.host()
            + ":"
            + port
            + " with "
            + servers.size()
            + " event loops; model calls answered whole run on virtual threads carried by "
            + (executor.carriesOnEventLoops() ? "those event loops" : "the JDK's scheduler"));
    return new StrataServer(vertx, servers, deployment, executor, bodyBudget, port);
  }

  private static RequestExecutor executor(VirtualThreadScheduler scheduler) {
    if (scheduler == VirtualThreadScheduler.JDK) {
      return new RequestExecutor(MAX_IN_FLIGHT);
    }
    return switch (EventLoopCarriers.load()) {
      case EventLoopCarriers.Availability.Available available ->
          new RequestExecutor(MAX_IN_FLIGHT, Optional.of(available.carriers()));
      case EventLoopCarriers.Availability.Unavailable unavailable -> {
        LOG.log(
            Level.WARNING,
            "server.virtualThreadScheduler is event-loop, but "
                + unavailable.reason()
                + "; model calls use the JDK's scheduler, with more thread hand-offs per request");
        yield new RequestExecutor(MAX_IN_FLIGHT);
      }
    };
  }

  /** Whether model calls answered whole run on virtual threads carried by the event loops. */
  boolean carriesModelCallsOnEventLoops() {
    return executor.carriesOnEventLoops();
  }

  /** Requests being served right now (model calls and admin calls alike). */
  public int inFlight() {
    return executor.inFlight();
  }

  /** Bytes of request bodies held in memory right now, being read or being handled. */
  public long bodyBytesHeld() {
    return bodyBudget.held();
  }

  /** Request bodies refused since start because {@link #bodyBytesHeld()} was at its limit. */
  public long bodyRefusals() {
    return bodyBudget.refusals();
  }

  /** The port the server listens on; the chosen one when the options said 0. */
  public int port() {
    return port;
  }

  /** Closes within {@link #DEFAULT_CLOSE_GRACE}. */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_GRACE);
  }

  /**
   * Stops accepting connections, lets in-flight requests and streams finish for up to {@code
   * grace}, then closes what is left. Idempotent.
   */
  public void close(Duration grace) {
    requireNonNull(grace, "grace");
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<Future<Void>> shutdowns = new ArrayList<>();
    for (HttpServer server : servers) {
      shutdowns.add(server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS));
    }
    await(Future.join(shutdowns), grace.plus(STRAGGLER_WAIT), "shutting down the listeners");
    try {
      if (!executor.awaitIdle(STRAGGLER_WAIT)) {
        LOG.log(Level.WARNING, "requests still running after the server closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    await(vertx.undeploy(deployment), STRAGGLER_WAIT, "undeploying the listeners");
    executor.close();
  }

  private static String deploy(
      Vertx vertx,
      HttpServerOptions options,
      Supplier<Router> routers,
      List<HttpServer> servers,
      int instances) {
    try {
      return vertx
          .deployVerticle(
              () -> new Listener(options, routers, servers),
              new DeploymentOptions().setInstances(instances))
          .await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the listener did not start within " + START_TIMEOUT, e);
    }
  }

  /**
   * Vert.x options for every listener. Port 0 becomes a negative port, Vert.x's way to let several
   * listeners share one random port; the value only keys the sharing, so it is random too, keeping
   * two servers of one Vert.x instance apart.
   */
  private static HttpServerOptions httpOptions(ServerOptions options) {
    int port =
        options.port() == 0
            ? -ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE)
            : options.port();
    return new HttpServerOptions()
        .setHost(options.host())
        .setPort(port)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, options.idleTimeout().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpNoDelay(true)
        .setCompressionSupported(false)
        .setDecompressionSupported(false)
        .setHandle100ContinueAutomatically(false)
        .setHttp2ClearTextEnabled(true); // h2c, upgrade or prior knowledge: some AWS SDKs speak only HTTP/2
  }

  private static void await(Future<?> future, Duration timeout, String what) {
    try {
      future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.log(Level.WARNING, what + " took longer than " + timeout);
    } catch (Exception e) {
      LOG.log(Level.WARNING, what + " failed: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "StrataServer[port " + port + (closed.get() ? ", closed" : "") + "]";
  }
}
