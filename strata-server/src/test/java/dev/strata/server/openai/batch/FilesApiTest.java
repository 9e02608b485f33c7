package dev.strata.server.openai.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.MultipartField;
import com.openai.core.http.HttpResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileDeleted;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI SDK's Files calls work against Strata, each tenant seeing its own files. */
class FilesApiTest {
  private static BatchApiServer server;
  private static OpenAIClient acme;
  private static OpenAIClient acmeColleague;
  private static OpenAIClient globex;

  @BeforeAll
  static void start() {
    server = new BatchApiServer();
    acme = server.client(server.acmeKey);
    acmeColleague = server.client(server.acmeOtherKey);
    globex = server.client(server.otherTenantKey);
  }

  @AfterAll
  static void stop() {
    acme.close();
    acmeColleague.close();
    globex.close();
    server.close();
  }

  static FileCreateParams upload(String filename, String content, FilePurpose purpose) {
    return FileCreateParams.builder()
        .file(
            MultipartField.<InputStream>builder()
                .value(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))
                .filename(filename)
                .build())
        .purpose(purpose)
        .build();
  }

  private static String download(OpenAIClient client, String id) throws IOException {
    try (HttpResponse response = client.files().content(id)) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void uploadRetrieveDownloadListAndDelete_roundTripThroughTheSdk() throws IOException {
    String content = "{\"custom_id\":\"a\"}\n{\"custom_id\":\"b\"}\n";

    FileObject file = acme.files().create(upload("requests.jsonl", content, FilePurpose.BATCH));

    assertThat(file.id()).matches("file-[0-9A-Za-z]{24}");
    assertThat(file.bytes()).isEqualTo(content.getBytes(StandardCharsets.UTF_8).length);
    assertThat(file.filename()).isEqualTo("requests.jsonl");
    assertThat(file.purpose()).isEqualTo(FileObject.Purpose.BATCH);
    assertThat(file.createdAt()).isEqualTo(server.clock.instant().getEpochSecond());
    assertThat(file.expiresAt()).isEmpty();
    assertThat(acme.files().retrieve(file.id())).isEqualTo(file);
    assertThat(download(acme, file.id())).isEqualTo(content);
    assertThat(acme.files().list().data()).extracting(FileObject::id).contains(file.id());

    FileDeleted deleted = acme.files().delete(file.id());

    assertThat(deleted.id()).isEqualTo(file.id());
    assertThat(deleted.deleted()).isTrue();
    assertThatThrownBy(() -> acme.files().retrieve(file.id()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.getMessage()).contains("No such File object: " + file.id()));
    assertThat(acme.files().list().data()).extracting(FileObject::id).doesNotContain(file.id());
  }

  @Test
  void aFileName_withFoldersAndUnicode_keepsOnlyItsName() {
    FileObject file =
        acme.files().create(upload("C:\\data\\résumé ✓.jsonl", "{}\n", FilePurpose.USER_DATA));

    assertThat(file.filename()).isEqualTo("résumé ✓.jsonl");
    assertThat(acme.files().retrieve(file.id()).filename()).isEqualTo("résumé ✓.jsonl");
  }

  @Test
  void anotherTenant_cannotSeeDownloadListOrDeleteAFile_butTheSameTenantCan() throws IOException {
    FileObject file = acme.files().create(upload("mine.jsonl", "{}\n", FilePurpose.BATCH));

    assertThatThrownBy(() -> globex.files().retrieve(file.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> globex.files().content(file.id()).close())
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> globex.files().delete(file.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(globex.files().list().data()).extracting(FileObject::id).doesNotContain(file.id());

    assertThat(acmeColleague.files().retrieve(file.id()).id()).isEqualTo(file.id());
    assertThat(download(acmeColleague, file.id())).isEqualTo("{}\n");
    assertThat(acme.files().retrieve(file.id())).isNotNull();
  }

  @Test
  void list_isNewestFirst_pagesWithAfter_filtersByPurpose_andOrdersAscendingOnRequest() {
    OpenAIClient pager = server.client(server.key("pager", "pager-tenant"));
    List<String> uploaded = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      FilePurpose purpose = i == 2 ? FilePurpose.USER_DATA : FilePurpose.BATCH;
      uploaded.add(pager.files().create(upload("f" + i + ".jsonl", "{}\n", purpose)).id());
      server.clock.advance(Duration.ofSeconds(1));
    }
    List<String> newestFirst = new ArrayList<>(uploaded.reversed());

    var firstPage = pager.files().list(FileListParams.builder().limit(3).build());
    List<String> all = new ArrayList<>();
    firstPage.autoPager().forEach(file -> all.add(file.id()));

    assertThat(firstPage.data()).extracting(FileObject::id).isEqualTo(newestFirst.subList(0, 3));
    assertThat(firstPage.hasNextPage()).isTrue();
    assertThat(all).isEqualTo(newestFirst);
    assertThat(
            pager.files().list(FileListParams.builder().purpose("batch").build()).data())
        .extracting(FileObject::id)
        .containsExactly(newestFirst.get(0), newestFirst.get(2), newestFirst.get(3));
    assertThat(
            pager
                .files()
                .list(FileListParams.builder().order(FileListParams.Order.ASC).limit(2).build())
                .data())
        .extracting(FileObject::id)
        .isEqualTo(uploaded.subList(0, 2));
    assertThat(
            pager
                .files()
                .list(
                    FileListParams.builder()
                        .order(FileListParams.Order.ASC)
                        .after(uploaded.get(1))
                        .build())
                .data())
        .extracting(FileObject::id)
        .isEqualTo(uploaded.subList(2, 4));
    pager.close();
  }

  @Test
  void expiresAfter_setsExpiresAt_andTheFileIsGoneOnceItPasses() {
    OpenAIClient expiring = server.client(server.key("expiring", "expiring-tenant"));
    FileCreateParams params =
        FileCreateParams.builder()
            .file(
                MultipartField.<InputStream>builder()
                    .value(new ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)))
                    .filename("short-lived.jsonl")
                    .build())
            .purpose(FilePurpose.BATCH)
            .expiresAfter(
                FileCreateParams.ExpiresAfter.builder()
                    .anchor(JsonValue.from("created_at"))
                    .seconds(3600)
                    .build())
            .build();

    FileObject file = expiring.files().create(params);

    assertThat(file.expiresAt()).contains(server.clock.instant().getEpochSecond() + 3600);
    server.clock.advance(Duration.ofSeconds(3599));
    assertThat(expiring.files().retrieve(file.id()).id()).isEqualTo(file.id());
    server.clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> expiring.files().retrieve(file.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(expiring.files().list().data()).isEmpty();
    expiring.close();
  }
}
