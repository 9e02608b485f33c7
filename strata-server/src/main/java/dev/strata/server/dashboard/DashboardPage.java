package dev.strata.server.dashboard;

import static java.util.Objects.requireNonNull;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the dashboard: the page at {@code /}, its scripts and styles under {@code /dashboard/},
 * from memory on the event loop. The files are public; every figure on the page comes from the
 * admin API, which needs the admin key. Browsers revalidate with the ETag, so a new build is seen
 * at once.
 */
public final class DashboardPage {
  private final Map<String, Asset> assets;

  private DashboardPage(Map<String, Asset> assets) {
    this.assets = Map.copyOf(requireNonNull(assets, "assets"));
  }

  /** The dashboard of this build, read from the class path once per process. */
  public static DashboardPage standard() {
    return Standard.PAGE;
  }

  /** Adds {@code GET /} and {@code GET /dashboard/...} for each file to {@code router}. */
  public void mount(Router router) {
    requireNonNull(router, "router");
    for (Map.Entry<String, Asset> asset : assets.entrySet()) {
      Asset file = asset.getValue();
      router.get(asset.getKey()).handler(context -> serve(context, file));
    }
  }

  private static void serve(RoutingContext context, Asset asset) {
    HttpServerRequest request = context.request();
    HttpServerResponse response = context.response();
    SecurityHeaders.apply(response);
    response
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader(HttpHeaders.ETAG, asset.etag());
    if (asset.etag().equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, asset.mediaType());
    if (asset.gzipped().isPresent() && acceptsGzip(request)) {
      response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip").end(asset.gzipped().get());
    } else {
      response.end(asset.body());
    }
  }

  static boolean acceptsGzip(HttpServerRequest request) {
    String accepted = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
    if (accepted == null) {
      return false;
    }
    for (String part : accepted.toLowerCase(Locale.ROOT).split(",")) {
      String[] coding = part.strip().split(";");
      if (coding[0].strip().equals("gzip")) {
        return coding.length == 1 || !coding[1].replace(" ", "").matches("q=0(\\.0*)?");
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "DashboardPage[" + assets.size() + " files]";
  }

  /** Loaded on first use: the files never change while the process runs. */
  private static final class Standard {
    static final DashboardPage PAGE = new DashboardPage(DashboardAssets.load());
  }
}
