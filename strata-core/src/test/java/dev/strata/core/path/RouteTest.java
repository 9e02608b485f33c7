package dev.strata.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.EmbeddingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final ModelEntry GPT = Exchanges.listed("gpt-4o", "openai", "gpt-4o");
  private static final ModelEntry CLAUDE =
      Exchanges.listed("sonnet", "anthropic", "claude-sonnet-4-20250514");
  private static final ModelEntry LOCAL = Exchanges.listed("llama", "local", "llama-3.2-1b");
  private static final ModelEntry EMBED =
      Exchanges.embedding("embed", "openai", "text-embedding-3-small");

  private final Route route =
      new Route(
          new ModelCatalog(
              List.of(GPT, CLAUDE, LOCAL, EMBED),
              Map.of(
                  "smart", List.of("sonnet", "gpt-4o", "llama"),
                  "mixed", List.of("embed", "llama"))));

  private static Step.Next capture(List<List<ModelEntry>> seen) {
    return exchange -> {
      seen.add(exchange.candidates());
      return null;
    };
  }

  @Test
  void serve_modelName_routesToThatModel() {
    List<List<ModelEntry>> seen = new ArrayList<>();

    route.serve(Exchanges.chat("gpt-4o", "hi"), capture(seen));

    assertThat(seen).containsExactly(List.of(GPT));
  }

  @Test
  void serve_alias_routesToItsModelsInFallbackOrder() {
    Exchange exchange = Exchanges.chat("smart", "hi");

    route.serve(exchange, ex -> null);

    assertThat(exchange.candidates()).containsExactly(CLAUDE, GPT, LOCAL);
    assertThat(exchange.servedBy()).as("routing picks candidates, not the server").isEmpty();
  }

  @Test
  void serve_aliasMixingKinds_keepsOnlyModelsThatCanServeTheOperation() {
    Exchange chat = Exchanges.chat("mixed", "hi");
    Exchange embed =
        Exchanges.embed(new EmbeddingRequest("mixed", List.of("x"), OptionalInt.empty()));

    route.serve(chat, ex -> null);
    route.serve(embed, ex -> null);

    assertThat(chat.candidates()).containsExactly(LOCAL);
    assertThat(embed.candidates()).containsExactly(EMBED);
  }

  @Test
  void serve_unknownModel_isNotFoundModelNotFound() {
    assertThatThrownBy(() -> route.serve(Exchanges.chat("gpt-7", "hi"), Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.code()).contains("model_not_found");
              assertThat(e.param()).contains("model");
            })
        .hasMessage("The model 'gpt-7' does not exist");
  }

  @Test
  void serve_chatWithAnEmbeddingModel_isA400NamingModel() {
    assertThatThrownBy(() -> route.serve(Exchanges.chat("embed", "hi"), Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.param()).contains("model");
            })
        .hasMessage("The model 'embed' is an embedding model; it cannot serve chat requests");
  }

  @Test
  void serve_embeddingsWithAChatModel_isA400NamingModel() {
    Exchange exchange =
        Exchanges.embed(new EmbeddingRequest("gpt-4o", List.of("x"), OptionalInt.empty()));

    assertThatThrownBy(() -> route.serve(exchange, Exchanges.unreachable()))
        .isInstanceOfSatisfying(
            StrataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
        .hasMessage(
            "The model 'gpt-4o' is not an embedding model; it cannot serve embeddings requests");
  }
}
