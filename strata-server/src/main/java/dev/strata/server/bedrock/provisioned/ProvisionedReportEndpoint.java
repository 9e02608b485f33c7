package dev.strata.server.bedrock.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.CostQuery;
import dev.strata.core.provisioned.BreakEvenReports;
import dev.strata.server.Frontend;
import dev.strata.server.admin.AdminApi;
import dev.strata.server.admin.CostQueryParser;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.Call;
import dev.strata.server.http.Credentials;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code GET /admin/provisioned/report?since=…&until=…}: the break-even report of every provisioned
 * model over the period ({@code since} and {@code until} as in the cost explorer: instants, dates
 * or ages; the last 30 days by default). Needs the admin key; errors are the admin API's.
 */
public final class ProvisionedReportEndpoint implements Frontend {
  private final AdminApi admin;
  private final BreakEvenReports reports;
  private final Clock clock;

  public ProvisionedReportEndpoint(AdminApi admin, BreakEvenReports reports, Clock clock) {
    this.admin = requireNonNull(admin, "admin");
    this.reports = requireNonNull(reports, "reports");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void mount(Router router, BlockingEndpoints endpoints) {
    router.get("/admin/provisioned/report").handler(endpoints.withoutBody(this::report));
  }

  private void report(Call call) {
    requireAdmin(call);
    for (String name : call.request().params().names()) {
      if (!name.equals("since") && !name.equals("until")) {
        throw StrataException.invalid(
            name, "Unknown parameter '" + name + "'; this route takes since and until.");
      }
    }
    CostQuery period =
        CostQueryParser.parsePeriod(
            call.request().getParam("since"), call.request().getParam("until"), clock.instant());
    call.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, StrataHeaders.APPLICATION_JSON)
        .end(BreakEvenJson.encode(reports.report(period.from(), period.to())));
  }

  private void requireAdmin(Call call) {
    Optional<String> secret = Credentials.of(call.request());
    if (secret.isEmpty()) {
      throw StrataException.unauthenticated(
          "The admin API needs the admin key as a bearer token"
              + " (Authorization: Bearer sk-strata-admin-…).");
    }
    if (!admin.isAdminSecret(secret.get())) {
      throw StrataException.unauthenticated("Incorrect admin key provided.");
    }
  }

  @Override
  public String toString() {
    return "ProvisionedReportEndpoint[" + reports + "]";
  }
}
