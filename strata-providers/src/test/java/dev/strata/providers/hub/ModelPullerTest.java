package dev.strata.providers.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls model files from a local stand-in for the Hugging Face hub over real HTTP. */
class ModelPullerTest {
  private static final String REPO = "acme/tiny-GGUF";
  private static final String FILE = "tiny-q4.gguf";

  @TempDir Path folder;

  private final byte[] content = new byte[300_000];
  private final AtomicInteger downloads = new AtomicInteger();
  private HttpServer hub;
  private String publishedSha = null;
  private URI hubUrl;

  @BeforeEach
  void startHub() throws Exception {
    new Random(42).nextBytes(content);
    hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // The hub redirects /resolve/ to a CDN path, as Hugging Face does.
    hub.createContext(
        "/" + REPO + "/resolve/main/" + FILE,
        exchange -> {
          if (publishedSha != null) {
            exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + publishedSha + "\"");
          }
          exchange.getResponseHeaders().add("Location", "/cdn/" + FILE);
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    hub.createContext(
        "/cdn/" + FILE,
        exchange -> {
          downloads.incrementAndGet();
          if (publishedSha != null) {
            exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + publishedSha + "\"");
          }
          exchange.sendResponseHeaders(200, content.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(content);
          }
        });
    hub.start();
    hubUrl = URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
  }

  @AfterEach
  void stopHub() {
    hub.stop(0);
  }

  @Test
  void pull_followsRedirectAndVerifiesTheGivenChecksum() throws Exception {
    Path file =
        new ModelPuller(hubUrl, PullProgress.SILENT)
            .pull(HubFile.parse(REPO + "/" + FILE), folder, Optional.of(sha256(content)));

    assertThat(file).isEqualTo(folder.resolve(FILE));
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
    assertThat(folder.resolve(FILE + ".part")).doesNotExist();
  }

  @Test
  void pull_verifiesTheHubsPublishedChecksum_andDiscardsAMismatch() {
    publishedSha = "0".repeat(64);

    assertThatThrownBy(
            () -> new ModelPuller(hubUrl, PullProgress.SILENT).pull(HubFile.parse(REPO + "/" + FILE), folder, Optional.empty()))
        .isInstanceOf(ModelPuller.PullException.class)
        .hasMessageContaining("SHA-256 mismatch")
        .hasMessageContaining("0".repeat(64));
    assertThat(folder.resolve(FILE)).doesNotExist();
    assertThat(folder.resolve(FILE + ".part")).doesNotExist();
  }

  @Test
  void pull_acceptsTheHubsPublishedChecksumWhenItMatches() throws Exception {
    publishedSha = sha256(content);

    Path file =
        new ModelPuller(hubUrl, PullProgress.SILENT)
            .pull(HubFile.parse(REPO + "/" + FILE), folder, Optional.empty());

    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  @Test
  void pull_skipsAFileAlreadyPresent() throws Exception {
    Files.write(folder.resolve(FILE), new byte[] {1, 2, 3});

    new ModelPuller(hubUrl, PullProgress.SILENT).pull(HubFile.parse(REPO + "/" + FILE), folder, Optional.empty());

    assertThat(downloads).hasValue(0);
  }

  @Test
  void pull_missingFile_failsNamingTheStatusAndFile() {
    assertThatThrownBy(
            () ->
                new ModelPuller(hubUrl, PullProgress.SILENT)
                    .pull(HubFile.parse(REPO + "/missing.gguf"), folder, Optional.empty()))
        .isInstanceOf(ModelPuller.PullException.class)
        .hasMessageContaining("404")
        .hasMessageContaining("missing.gguf");
  }

  @Test
  void pull_unreachableHub_failsClearly() throws IOException {
    HttpServer closed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int port = closed.getAddress().getPort();
    closed.stop(0);

    assertThatThrownBy(
            () ->
                new ModelPuller(URI.create("http://127.0.0.1:" + port), PullProgress.SILENT)
                    .pull(HubFile.parse(REPO + "/" + FILE), folder, Optional.empty()))
        .isInstanceOf(ModelPuller.PullException.class)
        .hasMessageContaining("cannot download");
  }

  @Test
  void progressBar_reportsPercentAndChecksum() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    PullProgress bar = PullProgress.bar(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    bar.advanced("m.gguf", 50, 100);
    bar.advanced("m.gguf", 100, 100);
    bar.done("m.gguf", Path.of("m.gguf"), "ab", true);

    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("100%").contains("verified SHA-256 ab");
  }

  @Test
  void hubFile_parsesRepositoryRevisionAndPath() {
    HubFile file = HubFile.parse("Qwen/Qwen2.5-0.5B-Instruct-GGUF@v1/sub dir/q.gguf");

    assertThat(file.repository()).isEqualTo("Qwen/Qwen2.5-0.5B-Instruct-GGUF");
    assertThat(file.revision()).isEqualTo("v1");
    assertThat(file.fileName()).isEqualTo("q.gguf");
    assertThat(file.downloadUrl(URI.create("https://huggingface.co/")).toString())
        .isEqualTo("https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/v1/sub%20dir/q.gguf");
  }

  @Test
  void hubFile_rejectsMalformedReferences() {
    assertThatThrownBy(() -> HubFile.parse("only/two")).hasMessageContaining("OWNER/REPO/FILE");
    assertThatThrownBy(() -> HubFile.parse("a/b/../../etc/passwd")).hasMessageContaining("OWNER/REPO/FILE");
    assertThat(HubFile.looksLikeReference("/models/x.gguf")).isFalse();
    assertThat(HubFile.looksLikeReference("Qwen/R/x.gguf")).isTrue();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
