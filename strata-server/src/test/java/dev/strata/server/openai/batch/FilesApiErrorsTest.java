package dev.strata.server.openai.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.server.Eventually;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Malformed, hostile and unauthorised Files requests get the right 4xx OpenAI error. */
class FilesApiErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A chunk whose size is not hexadecimal, then the last chunk. */
  private static final byte[] BROKEN_LAST_CHUNK =
      "zz\r\nnot a chunk\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8);
  private static BatchApiServer server;

  @BeforeAll
  static void start() {
    server = new BatchApiServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> upload(String key, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return server.send(
        server
            .request("/v1/files", key)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static HttpResponse<String> upload(Multipart form) throws Exception {
    return upload(server.acmeKey, Multipart.CONTENT_TYPE, form.build());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return server.send(server.request(path, server.acmeKey).GET());
  }

  /** The OpenAI error object of a response, after checking its status. */
  private static JsonNode error(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.get("message").asText()).isNotBlank();
    return error;
  }

  private static byte[] jsonl() {
    return "{\"custom_id\":\"1\"}\n".getBytes(StandardCharsets.UTF_8);
  }

  private static long filesInStore() {
    return server.store.list(OpenAiFiles.BUCKET, "", Optional.empty(), 1000).objects().size();
  }

  @Test
  void aValidUpload_answersTheFileObjectAsOpenAiDoes() throws Exception {
    HttpResponse<String> response =
        upload(new Multipart().field("purpose", "batch").file("file", "in.jsonl", jsonl()));

    JsonNode file = JSON.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(file.get("object").asText()).isEqualTo("file");
    assertThat(file.get("status").asText()).isEqualTo("processed");
    assertThat(file.get("purpose").asText()).isEqualTo("batch");
    assertThat(file.get("bytes").asLong()).isEqualTo(jsonl().length);
    assertThat(file.has("status_details")).isTrue();
  }

  @Test
  void anUploadThatIsNotMultipart_isRefused() throws Exception {
    JsonNode error =
        error(upload(server.acmeKey, "application/json", "{\"purpose\":\"batch\"}".getBytes()), 400);

    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("message").asText()).contains("multipart/form-data");
  }

  @Test
  void anUploadWithoutPurpose_namesPurpose() throws Exception {
    JsonNode error = error(upload(new Multipart().file("file", "in.jsonl", jsonl())), 400);

    assertThat(error.get("param").asText()).isEqualTo("purpose");
    assertThat(error.get("code").asText()).isEqualTo("missing_required_parameter");
  }

  @Test
  void anUploadWithoutFile_namesFile() throws Exception {
    JsonNode error = error(upload(new Multipart().field("purpose", "batch")), 400);

    assertThat(error.get("param").asText()).isEqualTo("file");
  }

  @Test
  void anUnknownPurpose_orAnOutputPurpose_isRefused() throws Exception {
    for (String purpose : new String[] {"training", "batch_output"}) {
      JsonNode error =
          error(
              upload(new Multipart().field("purpose", purpose).file("file", "in.jsonl", jsonl())),
              400);

      assertThat(error.get("param").asText()).isEqualTo("purpose");
      assertThat(error.get("message").asText()).contains(purpose);
    }
  }

  @Test
  void aBatchFileThatIsNotJsonl_isRefused() throws Exception {
    JsonNode error =
        error(upload(new Multipart().field("purpose", "batch").file("file", "in.csv", jsonl())), 400);

    assertThat(error.get("param").asText()).isEqualTo("file");
    assertThat(error.get("message").asText()).contains(".jsonl");
  }

  @Test
  void unknownFieldsAndSecondFiles_areRefused() throws Exception {
    JsonNode unknown =
        error(
            upload(
                new Multipart()
                    .field("purpose", "batch")
                    .field("colour", "blue")
                    .file("file", "in.jsonl", jsonl())),
            400);
    JsonNode twoFiles =
        error(
            upload(
                new Multipart()
                    .field("purpose", "batch")
                    .file("file", "a.jsonl", jsonl())
                    .file("file", "b.jsonl", jsonl())),
            400);

    assertThat(unknown.get("param").asText()).isEqualTo("colour");
    assertThat(unknown.get("code").asText()).isEqualTo("unknown_parameter");
    assertThat(twoFiles.get("param").asText()).isEqualTo("file");
  }

  @Test
  void aFileLargerThanTheStoreTakes_is413AndNothingIsStored() throws Exception {
    long before = filesInStore();
    byte[] large = new byte[(int) BatchApiServer.MAX_FILE_BYTES + 1];
    Arrays.fill(large, (byte) 'x');

    JsonNode error =
        error(upload(new Multipart().field("purpose", "user_data").file("file", "big.jsonl", large)), 413);

    assertThat(error.get("code").asText()).isEqualTo("file_too_large");
    assertThat(error.get("message").asText()).contains(Long.toString(BatchApiServer.MAX_FILE_BYTES));
    assertThat(filesInStore()).isEqualTo(before);
    awaitNoSpooledUploads();
  }

  @Test
  void aBodyFarBeyondTheLimit_isRefusedWithoutBeingStored() throws Exception {
    long before = filesInStore();
    byte[] huge = new byte[(int) (BatchApiServer.MAX_FILE_BYTES * 4)];
    Arrays.fill(huge, (byte) 'y');

    JsonNode error =
        error(upload(new Multipart().field("purpose", "user_data").file("file", "huge.jsonl", huge)), 413);

    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(filesInStore()).isEqualTo(before);
    awaitNoSpooledUploads();
  }

  @Test
  void aMalformedMultipartBody_is400() throws Exception {
    byte[] garbage =
        ("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n"
                + "\r\nbatch\r\n--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data;"
                + " name=\"file\"; filename=\"x.jsonl\"\r\n\r\nno closing boundary")
            .getBytes(StandardCharsets.UTF_8);

    JsonNode error = error(upload(server.acmeKey, Multipart.CONTENT_TYPE, garbage), 400);

    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void anUploadWhoseChunkedFramingIsBroken_is400ThenTheClose() throws Exception {
    long before = filesInStore();
    String purpose =
        "--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n"
            + "\r\nbatch\r\n";

    String response;
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = startChunkedUpload(socket, purpose);
      out.write(BROKEN_LAST_CHUNK);
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertMalformedBodyRefused(response);
    assertThat(filesInStore()).isEqualTo(before);
    awaitNoSpooledUploads();
  }

  @Test
  void anUploadWhoseFramingBreaksWhileItsFileIsSpooled_is400AndTheSpoolIsDeleted()
      throws Exception {
    long before = filesInStore();
    awaitNoSpooledUploads();
    String purposeAndFileStart =
        "--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n"
            + "\r\nbatch\r\n--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data;"
            + " name=\"file\"; filename=\"in.jsonl\"\r\n\r\n{\"custom_id\":\"1\"}\n";

    String response;
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = startChunkedUpload(socket, purposeAndFileStart);
      Eventually.until(
          () -> spooledUploads() > 0, () -> "the upload's file part was never spooled");
      out.write(BROKEN_LAST_CHUNK);
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertMalformedBodyRefused(response);
    assertThat(filesInStore()).isEqualTo(before);
    awaitNoSpooledUploads();
  }

  /** Sends an upload's head, chunked, and a first chunk holding {@code start}. */
  private static OutputStream startChunkedUpload(Socket socket, String start) throws IOException {
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/files HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + server.acmeKey
                + "\r\nContent-Type: "
                + Multipart.CONTENT_TYPE
                + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(start.length())
                + "\r\n"
                + start
                + "\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
    return out;
  }

  private static void assertMalformedBodyRefused(String response) {
    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response)
        .contains("\"type\":\"invalid_request_error\"")
        .contains("The request body could not be read")
        .contains("chunk size");
  }

  @Test
  void anUploadWithoutAValidKey_is401AndNothingIsStored() throws Exception {
    long before = filesInStore();
    byte[] form = new Multipart().field("purpose", "batch").file("file", "in.jsonl", jsonl()).build();

    JsonNode missing = error(upload(null, Multipart.CONTENT_TYPE, form), 401);
    JsonNode wrong = error(upload("sk-strata-not-a-key", Multipart.CONTENT_TYPE, form), 401);

    assertThat(missing.get("type").asText()).isEqualTo("authentication_error");
    assertThat(wrong.get("type").asText()).isEqualTo("authentication_error");
    assertThat(filesInStore()).isEqualTo(before);
  }

  @Test
  void unknownAndMalformedFileIds_are404NamingTheId() throws Exception {
    for (String id : new String[] {"file-000000000000000000000000", "file-abc", "..%2F..%2Fetc"}) {
      for (String path : new String[] {"/v1/files/" + id, "/v1/files/" + id + "/content"}) {
        JsonNode error = error(get(path), 404);

        assertThat(error.get("param").asText()).isEqualTo("id");
      }
      assertThat(
              server.send(server.request("/v1/files/" + id, server.acmeKey).DELETE()).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void listParametersOutOfRange_areRefusedNamingThem() throws Exception {
    assertThat(error(get("/v1/files?limit=0"), 400).get("param").asText()).isEqualTo("limit");
    assertThat(error(get("/v1/files?limit=ten"), 400).get("param").asText()).isEqualTo("limit");
    assertThat(error(get("/v1/files?order=sideways"), 400).get("param").asText())
        .isEqualTo("order");
    assertThat(error(server.send(server.request("/v1/files", null).GET()), 401)).isNotNull();
  }

  private static void awaitNoSpooledUploads() throws Exception {
    Eventually.until(
        () -> spooledUploads() == 0, () -> spooledUploads() + " spooled uploads were never deleted");
  }

  private static long spooledUploads() {
    try {
      return server.spooledUploads();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
