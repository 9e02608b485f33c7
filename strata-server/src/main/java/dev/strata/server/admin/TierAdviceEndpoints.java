package dev.strata.server.admin;

import static java.util.Objects.requireNonNull;

import dev.strata.core.advice.TierAdvisor;
import dev.strata.core.error.StrataException;
import dev.strata.core.ledger.CostQuery;
import dev.strata.server.Frontend;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.Call;
import dev.strata.server.http.StrataHeaders;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * {@code GET /admin/tiers/recommendations?since=…&until=…}: which keys would save by batching and
 * which models by provisioned throughput, over the period ({@code since} and {@code until} as in
 * the cost explorer: instants, dates or ages; the last 30 days by default). Needs the admin key.
 */
public final class TierAdviceEndpoints implements Frontend {
  private final AdminApi admin;
  private final TierAdvisor advisor;
  private final Clock clock;

  public TierAdviceEndpoints(AdminApi admin, TierAdvisor advisor, Clock clock) {
    this.admin = requireNonNull(admin, "admin");
    this.advisor = requireNonNull(advisor, "advisor");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void mount(Router router, BlockingEndpoints endpoints) {
    router.get("/admin/tiers/recommendations").handler(endpoints.withoutBody(this::recommend));
  }

  private void recommend(Call call) {
    AdminAuth.require(admin, call.request());
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
        .end(TierAdviceJson.encode(advisor.advise(period.from(), period.to())));
  }

  @Override
  public String toString() {
    return "TierAdviceEndpoints[" + advisor + "]";
  }
}
