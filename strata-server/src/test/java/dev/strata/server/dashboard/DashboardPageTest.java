package dev.strata.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's files over real HTTP: complete, from the WebJar, cacheable and locked down. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DashboardPageTest {
  // HTTP/1.1, as browsers speak to a plain-http server. The JDK client would otherwise try an h2c
  // upgrade, and large bodies over an upgraded connection are misread (noted for the server).
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"(/[^\"]*)\"");
  private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z-]+\\.js)'");

  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    DashboardPage.standard().mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    server.close().await();
    vertx.close().await();
  }

  @Test
  void page_isServedWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    String policy = page.headers().firstValue("content-security-policy").orElseThrow();
    assertThat(policy)
        .contains("default-src 'none'", "script-src 'self'", "style-src 'self'")
        .contains("connect-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
    assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
  }

  @Test
  void page_hasNothingInlineThatThePolicyWouldBlock() throws Exception {
    String html = get("/").body();

    assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(html).find())
        .as("a script without src")
        .isFalse();
    assertThat(html).doesNotContain("<style", " style=", "javascript:");
    assertThat(Pattern.compile("\\son[a-z]+=").matcher(html).find()).as("an event attribute").isFalse();
  }

  @Test
  void everyFileThePageAndItsModulesReference_isServedWithItsMediaType() throws Exception {
    Set<String> visited = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    Matcher references = REFERENCE.matcher(get("/").body());
    while (references.find()) {
      pending.add(references.group(1));
    }
    while (!pending.isEmpty()) {
      String path = pending.poll();
      if (!visited.add(path)) {
        continue;
      }
      HttpResponse<String> file = get(path);
      assertThat(file.statusCode()).as(path).isEqualTo(200);
      assertThat(file.headers().firstValue("content-security-policy")).as(path).isPresent();
      String type = file.headers().firstValue("content-type").orElseThrow();
      if (path.endsWith(".js")) {
        assertThat(type).as(path).startsWith("text/javascript");
        Matcher imports = IMPORT.matcher(file.body());
        while (imports.find()) {
          pending.add("/dashboard/" + imports.group(1));
        }
      } else if (path.endsWith(".css")) {
        assertThat(type).as(path).startsWith("text/css");
      } else if (path.endsWith(".svg")) {
        assertThat(type).as(path).isEqualTo("image/svg+xml");
      }
    }
    assertThat(visited)
        .contains(
            "/dashboard/vendor/chart.umd.min.js",
            "/dashboard/early-calls.js",
            "/dashboard/app.js",
            "/dashboard/api.js",
            "/dashboard/money.js",
            "/dashboard/panels.js",
            "/dashboard/tables.js",
            "/dashboard/dashboard.css");
  }

  @Test
  void charts_comeFromTheChartJsWebJar_byteForByte() throws Exception {
    String version = DashboardAssets.chartsVersion();
    byte[] packaged;
    try (InputStream in =
        DashboardPageTest.class.getResourceAsStream(
            "/META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.min.js")) {
      packaged = in.readAllBytes();
    }

    HttpResponse<byte[]> served = getBytes("/dashboard/vendor/chart.umd.min.js", null);

    assertThat(version).isEqualTo("4.5.1");
    assertThat(served.body()).isEqualTo(packaged);
  }

  @Test
  void gzip_isSentOnlyWhenAccepted_andDecodesToTheSameFile() throws Exception {
    HttpResponse<byte[]> plain = getBytes("/dashboard/vendor/chart.umd.min.js", null);
    HttpResponse<byte[]> gzipped = getBytes("/dashboard/vendor/chart.umd.min.js", "gzip, deflate, br");
    HttpResponse<byte[]> refused = getBytes("/dashboard/vendor/chart.umd.min.js", "gzip;q=0, br");

    assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
    assertThat(refused.headers().firstValue("content-encoding")).isEmpty();
    assertThat(gzipped.headers().firstValue("content-encoding")).hasValue("gzip");
    assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
  }

  @Test
  void revalidation_withTheCurrentEtag_answers304WithoutABody() throws Exception {
    HttpResponse<String> first = get("/dashboard/app.js");
    String etag = first.headers().firstValue("etag").orElseThrow();

    HttpResponse<String> again =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/dashboard/app.js")).header("If-None-Match", etag).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> stale =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/dashboard/app.js")).header("If-None-Match", "\"old\"").build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(first.headers().firstValue("cache-control")).hasValue("no-cache");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(first.body());
  }

  @Test
  void unknownDashboardFile_isNotFound() throws Exception {
    assertThat(get("/dashboard/missing.js").statusCode()).isEqualTo(404);
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static HttpResponse<byte[]> getBytes(String path, String acceptEncoding) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
