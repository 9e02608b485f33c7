package dev.strata.core.provisioned;

import static dev.strata.core.provisioned.Provisioning.ALICE;
import static dev.strata.core.provisioned.Provisioning.BOB;
import static dev.strata.core.provisioned.Provisioning.CATALOG;
import static dev.strata.core.provisioned.Provisioning.GPT;
import static dev.strata.core.provisioned.Provisioning.HAIKU;
import static dev.strata.core.provisioned.Provisioning.HAIKU_ON_VLLM;
import static dev.strata.core.provisioned.Provisioning.MALLORY;
import static dev.strata.core.provisioned.Provisioning.NOVA;
import static dev.strata.core.provisioned.Provisioning.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.testing.InMemoryProvisionedStore;
import dev.strata.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ProvisionedModelsTest {
  private final ManualClock clock = ManualClock.at("2025-06-01T10:20:00Z");
  private final InMemoryProvisionedStore store = new InMemoryProvisionedStore();
  private final ProvisionedModels registry = Provisioning.registry(store, clock);

  private static StrataException failure(ThrowingCallable call) {
    StrataException failure =
        org.assertj.core.api.Assertions.catchThrowableOfType(StrataException.class, call);
    assertThat(failure).as("refused").isNotNull();
    return failure;
  }

  private static void refused(ThrowingCallable call, ErrorKind kind, String param, String message) {
    StrataException failure = failure(call);
    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.param()).contains(param);
    assertThat(failure).hasMessageContaining(message);
  }

  @Test
  void create_isCreatingUntilTheProvisioningStepPasses_thenServes() {
    ProvisionedModels slow = Provisioning.registry(store, CATALOG, Duration.ofMinutes(5), clock);

    ProvisionedModel created = slow.create(request("support-bot", HAIKU, 2, CommitmentTerm.NONE));

    assertThat(created.status()).isEqualTo(ProvisionedStatus.CREATING);
    assertThat(slow.find("support-bot")).as("not serving while creating").isEmpty();
    clock.advance(Duration.ofMinutes(5));
    assertThat(slow.get(ALICE, "support-bot").status()).isEqualTo(ProvisionedStatus.IN_SERVICE);
    assertThat(slow.find("support-bot")).isPresent();
  }

  @Test
  void create_recordsTheRequestWithAnArnOfTheConfiguredRegionAndAccount() {
    ProvisionedModel model =
        registry.create(request("support-bot", HAIKU, 2, CommitmentTerm.ONE_MONTH));

    assertThat(model.id()).matches("[a-z0-9]{12}");
    assertThat(model.arn())
        .isEqualTo("arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/" + model.id());
    assertThat(model.baseModel()).isEqualTo(HAIKU);
    assertThat(model.basePriceId()).isEqualTo(HAIKU);
    assertThat(model.modelUnits()).isEqualTo(2);
    assertThat(model.owner()).isEqualTo(ALICE);
    assertThat(model.tags()).isEqualTo(Map.of("project", "alpha"));
    assertThat(model.createdAt()).isEqualTo(Instant.parse("2025-06-01T10:20:00Z"));
    assertThat(model.commitmentExpiresAt()).contains(Instant.parse("2025-07-01T10:20:00Z"));
    assertThat(model.status()).isEqualTo(ProvisionedStatus.IN_SERVICE);
    assertThat(store.live()).extracting(ProvisionedModel::id).containsExactly(model.id());
  }

  @Test
  void find_byNameIdOrArn_isTheBaseModelsUpstreamAtProvisionedPricing_namedByTheArn() {
    ProvisionedModel model =
        registry.create(request("local-bot", HAIKU_ON_VLLM, 1, CommitmentTerm.NONE));
    ModelEntry expected =
        new ModelEntry(
            model.arn(),
            "vllm",
            "claude-haiku-local",
            new PriceSource.Provisioned(model.arn(), HAIKU),
            OptionalInt.of(4096),
            false);

    assertThat(registry.find("local-bot")).contains(expected);
    assertThat(registry.find(model.id())).contains(expected);
    assertThat(registry.find(model.arn())).contains(expected);
    assertThat(
            registry.find("arn:aws:bedrock:eu-west-1:999999999999:provisioned-model/" + model.id()))
        .as("another account's ARN")
        .isEmpty();
    assertThat(CATALOG.withDynamicModels(registry).resolve("local-bot")).containsExactly(expected);
  }

  @Test
  void create_withARepeatedClientToken_returnsTheFirstModel() {
    var first =
        new NewProvisionedModel(
            "support-bot", HAIKU, 1, CommitmentTerm.NONE, ALICE, Map.of(), Optional.of("token-1"));
    var again =
        new NewProvisionedModel(
            "other-name", NOVA, 3, CommitmentTerm.NONE, BOB, Map.of(), Optional.of("token-1"));

    ProvisionedModel created = registry.create(first);

    assertThat(registry.create(again).arn()).isEqualTo(created.arn());
    assertThat(store.live()).hasSize(1);
  }

  @Test
  void create_refusesBadRequestsNamingTheField() {
    refused(
        () -> registry.create(request("bad name!", HAIKU, 1, CommitmentTerm.NONE)),
        ErrorKind.INVALID_REQUEST,
        "provisionedModelName",
        "bad name!");
    refused(
        () -> registry.create(request("a".repeat(64), HAIKU, 1, CommitmentTerm.NONE)),
        ErrorKind.INVALID_REQUEST,
        "provisionedModelName",
        "1 to 63");
    refused(
        () -> registry.create(request("bot", HAIKU, 0, CommitmentTerm.NONE)),
        ErrorKind.INVALID_REQUEST,
        "modelUnits",
        "greater than or equal to 1");
    refused(
        () ->
            registry.create(
                request("bot", HAIKU, ProvisionedModels.MAX_UNITS + 1, CommitmentTerm.NONE)),
        ErrorKind.QUOTA_EXCEEDED,
        "modelUnits",
        "at most 10000");
    refused(
        () -> registry.create(request("bot", "claude-9", 1, CommitmentTerm.NONE)),
        ErrorKind.NOT_FOUND,
        "modelId",
        "'claude-9' is not in Strata's catalog");
    refused(
        () -> registry.create(request("bot", GPT, 1, CommitmentTerm.NONE)),
        ErrorKind.INVALID_REQUEST,
        "modelId",
        "no provisioned price for 'gpt-4o'");
    refused(
        () -> registry.create(request(GPT, HAIKU, 1, CommitmentTerm.NONE)),
        ErrorKind.INVALID_REQUEST,
        "provisionedModelName",
        "already used");
    refused(
        () -> registry.create(request("fast", HAIKU, 1, CommitmentTerm.NONE)),
        ErrorKind.INVALID_REQUEST,
        "provisionedModelName",
        "already used");
    assertThat(store.live()).isEmpty();
  }

  @Test
  void create_aNameAnotherProvisionedModelHas_isRefused_evenForAnotherTenant() {
    registry.create(request("support-bot", HAIKU, 1, CommitmentTerm.NONE));

    refused(
        () ->
            registry.create(
                new NewProvisionedModel(
                    "support-bot",
                    NOVA,
                    1,
                    CommitmentTerm.NONE,
                    MALLORY,
                    Map.of(),
                    Optional.empty())),
        ErrorKind.INVALID_REQUEST,
        "provisionedModelName",
        "already used");
  }

  @Test
  void delete_aCommittedModel_isRefusedNamingTheEndOfItsTerm_untilTheTermEnds() {
    ProvisionedModel model = registry.create(request("bot", HAIKU, 1, CommitmentTerm.SIX_MONTHS));
    clock.advance(Duration.ofDays(100));

    refused(
        () -> registry.delete(ALICE, "bot"),
        ErrorKind.INVALID_REQUEST,
        "provisionedModelId",
        "SixMonths commitment until 2025-12-01T10:20:00Z");
    assertThat(registry.find("bot")).isPresent();

    clock.set(Instant.parse("2025-12-01T10:20:00Z"));
    assertThat(registry.delete(ALICE, model.arn()).id()).isEqualTo(model.id());
    assertThat(registry.find("bot")).isEmpty();
    refused(() -> registry.get(ALICE, "bot"), ErrorKind.NOT_FOUND, "provisionedModelId", "'bot'");
  }

  @Test
  void changeUnits_ofACommittedModel_canGrowButNotShrinkBeforeTheTermEnds() {
    registry.create(request("bot", HAIKU, 3, CommitmentTerm.ONE_MONTH));

    refused(
        () -> registry.changeUnits(ALICE, "bot", 2),
        ErrorKind.INVALID_REQUEST,
        "modelUnits",
        "cannot be decreased before");
    assertThat(registry.changeUnits(ALICE, "bot", 5).modelUnits()).isEqualTo(5);

    clock.set(Instant.parse("2025-07-01T10:20:00Z"));
    assertThat(registry.changeUnits(ALICE, "bot", 1).modelUnits()).isEqualTo(1);
    assertThat(store.live()).singleElement().extracting(ProvisionedModel::modelUnits).isEqualTo(1);
  }

  @Test
  void update_isAllOrNothing() {
    registry.create(request("bot", HAIKU, 3, CommitmentTerm.ONE_MONTH));

    refused(
        () ->
            registry.update(
                ALICE, "bot", Optional.of("renamed"), Optional.empty(), OptionalInt.of(1)),
        ErrorKind.INVALID_REQUEST,
        "modelUnits",
        "cannot be decreased");

    assertThat(registry.get(ALICE, "bot").modelUnits()).isEqualTo(3);
    assertThat(registry.find("renamed")).isEmpty();
    ProvisionedModel both =
        registry.update(ALICE, "bot", Optional.of("renamed"), Optional.empty(), OptionalInt.of(4));
    assertThat(both.name()).isEqualTo("renamed");
    assertThat(both.modelUnits()).isEqualTo(4);
  }

  @Test
  void withoutCommitment_unitsShrinkAndTheModelIsDeletedAnyTime() {
    registry.create(request("bot", HAIKU, 3, CommitmentTerm.NONE));

    assertThat(registry.changeUnits(ALICE, "bot", 1).modelUnits()).isEqualTo(1);
    registry.delete(ALICE, "bot");

    assertThat(store.live()).isEmpty();
    assertThat(store.lifetimes())
        .singleElement()
        .satisfies(life -> assertThat(life.deletedAt()).contains(clock.instant()));
  }

  @Test
  void changes_showAsUpdatingUntilTheProvisioningStepPasses_whileTheModelServes() {
    ProvisionedModels slow = Provisioning.registry(store, CATALOG, Duration.ofMinutes(5), clock);
    slow.create(request("bot", HAIKU, 1, CommitmentTerm.NONE));
    clock.advance(Duration.ofMinutes(10));

    ProvisionedModel changed = slow.changeUnits(ALICE, "bot", 2);

    assertThat(changed.status()).isEqualTo(ProvisionedStatus.UPDATING);
    assertThat(changed.lastModifiedAt()).isEqualTo(clock.instant());
    assertThat(slow.find("bot")).as("an updating model serves").isPresent();
    clock.advance(Duration.ofMinutes(5));
    assertThat(slow.get(ALICE, "bot").status()).isEqualTo(ProvisionedStatus.IN_SERVICE);
  }

  @Test
  void anotherTenant_neitherSeesNorChangesTheModel_butTheOwnersTeamDoes() {
    ProvisionedModel model = registry.create(request("bot", HAIKU, 1, CommitmentTerm.NONE));

    refused(
        () -> registry.get(MALLORY, model.arn()),
        ErrorKind.NOT_FOUND,
        "provisionedModelId",
        "does not exist");
    refused(
        () -> registry.delete(MALLORY, "bot"),
        ErrorKind.NOT_FOUND,
        "provisionedModelId",
        "does not exist");
    refused(
        () -> registry.update(MALLORY, "bot", Optional.of("mine"), Optional.empty()),
        ErrorKind.NOT_FOUND,
        "provisionedModelId",
        "does not exist");
    assertThat(registry.list(MALLORY, ProvisionedQuery.ALL)).isEmpty();
    assertThat(registry.get(BOB, "bot").id()).as("same tenant, other key").isEqualTo(model.id());
  }

  @Test
  void update_renamesAndMovesToAnUpstreamPricedTheSame_butNotToAnotherPrice() {
    ProvisionedModel model = registry.create(request("bot", HAIKU, 1, CommitmentTerm.ONE_MONTH));

    ProvisionedModel moved =
        registry.update(ALICE, model.arn(), Optional.of("helpdesk"), Optional.of(HAIKU_ON_VLLM));

    assertThat(moved.name()).isEqualTo("helpdesk");
    assertThat(moved.baseModel()).isEqualTo(HAIKU_ON_VLLM);
    assertThat(registry.find("bot")).isEmpty();
    assertThat(registry.find("helpdesk").orElseThrow().provider()).isEqualTo("vllm");
    refused(
        () -> registry.update(ALICE, "helpdesk", Optional.empty(), Optional.of(NOVA)),
        ErrorKind.INVALID_REQUEST,
        "desiredModelId",
        "priced the same way");
    refused(
        () -> registry.update(ALICE, "helpdesk", Optional.empty(), Optional.empty()),
        ErrorKind.INVALID_REQUEST,
        "desiredProvisionedModelName",
        "Give desiredProvisionedModelName");
  }

  @Test
  void aBaseModelThatLeftTheCatalog_failsTheModel_whichStopsServing() {
    registry.create(request("bot", HAIKU_ON_VLLM, 1, CommitmentTerm.NONE));
    ModelCatalog without =
        new ModelCatalog(List.of(Provisioning.listed(HAIKU, "bedrock", HAIKU, HAIKU)), Map.of());

    ProvisionedModels restarted = Provisioning.registry(store, without, Duration.ZERO, clock);

    ProvisionedModel failed = restarted.get(ALICE, "bot");
    assertThat(failed.status()).isEqualTo(ProvisionedStatus.FAILED);
    assertThat(failed.failureMessage().orElseThrow()).contains("'haiku-on-vllm' is no longer");
    assertThat(restarted.find("bot")).isEmpty();
  }

  @Test
  void list_filtersByStatusBaseModelNameAndCreationTime_newestFirstByDefault() {
    ProvisionedModels slow = Provisioning.registry(store, CATALOG, Duration.ofMinutes(30), clock);
    ProvisionedModel first = slow.create(request("alpha-bot", HAIKU, 1, CommitmentTerm.NONE));
    clock.advance(Duration.ofHours(1));
    ProvisionedModel second = slow.create(request("beta-bot", NOVA, 1, CommitmentTerm.NONE));
    clock.advance(Duration.ofMinutes(10));
    ProvisionedModel third = slow.create(request("alpha-2", NOVA, 1, CommitmentTerm.NONE));

    assertThat(slow.list(ALICE, ProvisionedQuery.ALL))
        .extracting(ProvisionedModel::id)
        .containsExactly(third.id(), second.id(), first.id());
    assertThat(
            slow.list(ALICE, query(Optional.empty(), Optional.empty(), Optional.of("alpha"), true)))
        .extracting(ProvisionedModel::id)
        .containsExactly(first.id(), third.id());
    assertThat(
            slow.list(
                ALICE,
                query(
                    Optional.of(ProvisionedStatus.CREATING),
                    Optional.of(NOVA),
                    Optional.empty(),
                    false)))
        .extracting(ProvisionedModel::id)
        .containsExactly(third.id(), second.id());
    assertThat(
            slow.list(
                ALICE,
                new ProvisionedQuery(
                    Optional.of(first.createdAt()),
                    Optional.of(third.createdAt()),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    false)))
        .extracting(ProvisionedModel::id)
        .containsExactly(second.id());
  }

  private static ProvisionedQuery query(
      Optional<ProvisionedStatus> status,
      Optional<String> base,
      Optional<String> name,
      boolean ascending) {
    return new ProvisionedQuery(Optional.empty(), Optional.empty(), status, base, name, ascending);
  }

  @Test
  void aModelAnotherInstanceCreated_resolvesOnceTheMissRefreshIsDue() {
    ProvisionedModels other = Provisioning.registry(store, clock);
    ProvisionedModel model = registry.create(request("bot", HAIKU, 1, CommitmentTerm.NONE));

    assertThat(other.find("bot")).as("just refreshed").isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(other.find("bot").orElseThrow().name()).isEqualTo(model.arn());
  }

  @Test
  void commitmentTerms_endAfterCalendarMonths_andParseFromTheWire() {
    Instant start = Instant.parse("2025-01-31T12:00:00Z");
    assertThat(CommitmentTerm.ONE_MONTH.expiresAt(start))
        .contains(Instant.parse("2025-02-28T12:00:00Z"));
    assertThat(CommitmentTerm.SIX_MONTHS.expiresAt(start))
        .contains(Instant.parse("2025-07-31T12:00:00Z"));
    assertThat(CommitmentTerm.NONE.expiresAt(start)).isEmpty();
    assertThat(CommitmentTerm.fromWire(Optional.of("SixMonths")))
        .isEqualTo(CommitmentTerm.SIX_MONTHS);
    assertThat(CommitmentTerm.fromWire(Optional.empty())).isEqualTo(CommitmentTerm.NONE);
    assertThatThrownBy(() -> CommitmentTerm.fromWire(Optional.of("OneYear")))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("[OneMonth, SixMonths]");
  }
}
