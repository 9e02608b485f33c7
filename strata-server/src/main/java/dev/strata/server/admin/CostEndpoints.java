package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.CostExplorerQuery;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.ledger.CostReport;
import dev.strata.core.ledger.ExportFormat;
import dev.strata.core.ledger.ExportWriter;
import dev.strata.core.ledger.SavingsReport;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.BlockingHandler;
import dev.strata.server.http.Call;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost routes of the admin API: {@code GET /admin/costs} (the explorer), {@code GET
 * /admin/costs/savings} and the streamed exports {@code GET /admin/exports/focus.csv}, {@code
 * ledger.csv} and {@code ledger.jsonl}. Every route needs the admin key.
 */
final class CostEndpoints {
  private static final System.Logger LOG = System.getLogger(CostEndpoints.class.getName());
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  private final AdminApi api;
  private final Clock clock;

  CostEndpoints(AdminApi api, Clock clock) {
    this.api = requireNonNull(api, "api");
    this.clock = requireNonNull(clock, "clock");
  }

  void mount(Router router, BlockingEndpoints endpoints) {
    router.get("/admin/costs").handler(endpoints.withoutBody(admin(this::explore)));
    router.get("/admin/costs/savings").handler(endpoints.withoutBody(admin(this::savings)));
    for (ExportFormat format : ExportFormat.values()) {
      router
          .get("/admin/exports/" + format.fileName())
          .handler(endpoints.withoutBody(admin(call -> export(call, format))));
    }
  }

  private BlockingHandler admin(BlockingHandler handler) {
    return call -> {
      AdminAuth.require(api, call.request());
      handler.handle(call);
    };
  }

  private void explore(Call call) {
    CostExplorerQuery query =
        CostQueryParser.parseExplorer(params(call.request().params()), clock.instant());
    CostReport report = api.explore(query);
    call.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .end(CostReportEncoder.encode(report));
  }

  private void savings(Call call) {
    CostQuery period = period(call.request(), "since", "until");
    SavingsReport report = api.savings(period.from(), period.to());
    call.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .end(SavingsEncoder.encode(report));
  }

  private void export(Call call, ExportFormat format) {
    CostQuery period = period(call.request(), "since", "until");
    HttpServerResponse response = call.response();
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, format.mediaType())
        .putHeader(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"strata-" + format.fileName() + "\"");
    ExportStream stream = new ExportStream(response, DRAIN_TIMEOUT);
    ExportWriter writer = format.writer(stream);
    try {
      writer.begin();
      long records = api.exportRecords(period.from(), period.to(), writer::write);
      stream.end();
      LOG.log(
          Level.DEBUG,
          () -> "exported " + records + " records as " + format.fileName() + " for " + call.requestId());
    } catch (UncheckedIOException e) {
      LOG.log(Level.INFO, "export " + call.requestId() + " stopped: " + e.getCause().getMessage());
      response.reset(); // the client is gone or stalled: cut the response
    } catch (RuntimeException e) {
      if (!stream.started()) {
        throw e; // nothing sent yet: the error is rendered normally
      }
      LOG.log(Level.WARNING, "export " + call.requestId() + " failed mid-stream", e);
      response.reset();
    }
  }

  private CostQuery period(HttpServerRequest request, String since, String until) {
    for (String name : request.params().names()) {
      if (!name.equals(since) && !name.equals(until)) {
        throw StrataException.invalid(
            name, "Unknown parameter '" + name + "'; this route takes since and until.");
      }
    }
    return CostQueryParser.parsePeriod(request.getParam(since), request.getParam(until), clock.instant());
  }

  private static Map<String, List<String>> params(MultiMap params) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String name : params.names()) {
      map.put(name, new ArrayList<>(params.getAll(name)));
    }
    return map;
  }

}
