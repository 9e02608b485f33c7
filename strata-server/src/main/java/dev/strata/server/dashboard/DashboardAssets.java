package dev.strata.server.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads the dashboard's files from the class path once: the page's own files from this package's
 * resources, and Chart.js from the WebJar's {@code META-INF/resources/webjars/chart.js/<version>},
 * the version read from the WebJar's own {@code pom.properties}.
 */
final class DashboardAssets {
  static final String ROOT = "/dev/strata/server/dashboard/";
  static final String CHARTS_URL = "/dashboard/vendor/chart.umd.min.js";
  private static final String CHARTS_POM =
      "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";
  private static final String JS = "text/javascript; charset=utf-8";

  private static final List<PageFile> PAGE_FILES =
      List.of(
          new PageFile("/", "index.html", "text/html; charset=utf-8"),
          new PageFile("/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
          new PageFile("/dashboard/early-calls.js", "early-calls.js", JS),
          new PageFile("/dashboard/app.js", "app.js", JS),
          new PageFile("/dashboard/api.js", "api.js", JS),
          new PageFile("/dashboard/money.js", "money.js", JS),
          new PageFile("/dashboard/panels.js", "panels.js", JS),
          new PageFile("/dashboard/tables.js", "tables.js", JS),
          new PageFile("/dashboard/favicon.svg", "favicon.svg", "image/svg+xml"));

  private DashboardAssets() {}

  /**
   * Every asset by URL path.
   *
   * @throws IllegalStateException when a file is missing from the class path
   */
  static Map<String, Asset> load() {
    Map<String, Asset> assets = new LinkedHashMap<>();
    for (PageFile file : PAGE_FILES) {
      assets.put(file.path(), Asset.of(file.mediaType(), read(ROOT + file.resource())));
    }
    assets.put(CHARTS_URL, Asset.of(JS, read(chartsResource(chartsVersion()))));
    return Map.copyOf(assets);
  }

  /** Chart.js's UMD build: one self-contained script that defines {@code Chart}. */
  static String chartsResource(String version) {
    return "/META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.min.js";
  }

  static String chartsVersion() {
    Properties pom = new Properties();
    try (InputStream in = open(CHARTS_POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + CHARTS_POM, e);
    }
    return Optional.ofNullable(pom.getProperty("version"))
        .orElseThrow(() -> new IllegalStateException(CHARTS_POM + " names no version"));
  }

  private static byte[] read(String resource) {
    try (InputStream in = open(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = DashboardAssets.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          resource + " is not on the class path; the dashboard cannot be served");
    }
    return in;
  }

  /** One of the page's own files: where it is served, its resource name, its media type. */
  private record PageFile(String path, String resource, String mediaType) {}
}
