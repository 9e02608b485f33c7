package dev.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionPairsTest {
  @TempDir Path dir;

  @Test
  void read_handlesQuotedCommasQuotesAndNewlines() throws IOException {
    Path file = dir.resolve("pairs.csv");
    Files.writeString(
        file,
        "question1,question2,is_duplicate\r\n"
            + "\"Is A, or B, better?\",\"Say \"\"hi\"\"\nthen go\",1\r\n"
            + "What is X?,What is Y?,0\n");

    QuestionPairs pairs = QuestionPairs.read(file);

    assertThat(pairs.pairs())
        .containsExactly(
            new QuestionPairs.Pair("Is A, or B, better?", "Say \"hi\"\nthen go", true),
            new QuestionPairs.Pair("What is X?", "What is Y?", false));
    assertThat(pairs.duplicates()).isEqualTo(1);
  }

  @Test
  void read_refusesAFileWithoutTheExpectedHeader() throws IOException {
    Path file = dir.resolve("other.csv");
    Files.writeString(file, "a,b\n1,2\n");

    assertThatThrownBy(() -> QuestionPairs.read(file)).hasMessageContaining("question1");
  }

  @Test
  void sharedDataFile_hasTheDocumentedShape() throws IOException {
    QuestionPairs pairs = QuestionPairs.read(QuestionPairs.defaultFile());

    assertThat(pairs.pairs()).hasSize(4_521);
    assertThat(pairs.duplicates()).isEqualTo(2_267);
  }
}
