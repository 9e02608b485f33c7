package dev.strata.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.auth.Principal;
import dev.strata.core.provisioned.CommitmentTerm;
import dev.strata.core.provisioned.ProvisionedArns;
import dev.strata.core.provisioned.ProvisionedLifetime;
import dev.strata.core.provisioned.ProvisionedModel;
import dev.strata.core.provisioned.ProvisionedStatus;
import dev.strata.core.provisioned.ProvisionedStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProvisionedStore} must do; a store's test extends this and supplies a fresh,
 * empty store.
 */
public abstract class ProvisionedStoreContract {
  protected static final Instant CREATED = Instant.parse("2025-06-01T10:20:00Z");
  protected static final Principal OWNER =
      new Principal("key-1", "acme", "search", "web", Map.of("env", "prod"));

  /** A new, empty store. */
  protected abstract ProvisionedStore store();

  /** A model as the registry would build it, with id {@code id} and name {@code name}. */
  public static ProvisionedModel model(String id, String name, Principal owner) {
    return new ProvisionedModel(
        id,
        name,
        ProvisionedArns.DEFAULT.arn(id),
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        2,
        CommitmentTerm.ONE_MONTH,
        ProvisionedStatus.CREATING,
        Optional.empty(),
        CREATED,
        CREATED,
        CommitmentTerm.ONE_MONTH.expiresAt(CREATED),
        owner,
        Map.of("project", "alpha", "cost-center", "42"));
  }

  @Test
  void insert_thenLive_returnsTheModelAsStored() {
    ProvisionedStore store = store();
    ProvisionedModel model = model("abc123def456", "support-bot", OWNER);

    assertThat(store.insert(model, Optional.of("token-1"))).isTrue();

    assertThat(store.live()).containsExactly(model);
    assertThat(store.lifetimes())
        .containsExactly(new ProvisionedLifetime(model, Optional.empty(), 0));
  }

  @Test
  void insert_aNameALiveModelHas_storesNothing() {
    ProvisionedStore store = store();
    store.insert(model("aaaaaaaaaaaa", "support-bot", OWNER), Optional.empty());

    assertThat(store.insert(model("bbbbbbbbbbbb", "support-bot", OWNER), Optional.empty()))
        .isFalse();

    assertThat(store.live()).extracting(ProvisionedModel::id).containsExactly("aaaaaaaaaaaa");
  }

  @Test
  void insert_theNameOfADeletedModel_isAllowed() {
    ProvisionedStore store = store();
    store.insert(model("aaaaaaaaaaaa", "support-bot", OWNER), Optional.empty());
    store.delete("aaaaaaaaaaaa", CREATED.plusSeconds(60));

    assertThat(store.insert(model("bbbbbbbbbbbb", "support-bot", OWNER), Optional.empty()))
        .isTrue();

    assertThat(store.live()).extracting(ProvisionedModel::id).containsExactly("bbbbbbbbbbbb");
  }

  @Test
  void clientTokens_areOncePerTenant_andFindTheirModel() {
    ProvisionedStore store = store();
    Principal other = new Principal("key-2", "globex", "", "", Map.of());
    ProvisionedModel first = model("aaaaaaaaaaaa", "first", OWNER);
    store.insert(first, Optional.of("token-1"));

    assertThat(store.insert(model("bbbbbbbbbbbb", "second", OWNER), Optional.of("token-1")))
        .isFalse();
    assertThat(store.insert(model("cccccccccccc", "third", other), Optional.of("token-1")))
        .isTrue();

    assertThat(store.byClientToken("acme", "token-1")).contains(first);
    assertThat(store.byClientToken("globex", "token-1"))
        .get()
        .extracting(ProvisionedModel::id)
        .isEqualTo("cccccccccccc");
    assertThat(store.byClientToken("acme", "token-2")).isEmpty();
  }

  @Test
  void update_replacesTheLiveModel_butNotADeletedOne() {
    ProvisionedStore store = store();
    ProvisionedModel model = model("abc123def456", "support-bot", OWNER);
    store.insert(model, Optional.empty());
    ProvisionedModel renamed =
        new ProvisionedModel(
            model.id(),
            "helpdesk",
            model.arn(),
            "amazon.nova-pro-v1:0",
            model.basePriceId(),
            5,
            model.commitment(),
            ProvisionedStatus.UPDATING,
            Optional.of("why not"),
            model.createdAt(),
            CREATED.plusSeconds(3600),
            model.commitmentExpiresAt(),
            OWNER,
            Map.of());

    assertThat(store.update(renamed)).isTrue();
    assertThat(store.live()).containsExactly(renamed);

    store.delete(model.id(), CREATED.plusSeconds(7200));
    assertThat(store.update(model)).isFalse();
    assertThat(store.update(model("ffffffffffff", "ghost", OWNER))).isFalse();
  }

  @Test
  void delete_keepsTheModelForBilling_withItsDeletionTime() {
    ProvisionedStore store = store();
    ProvisionedModel model = model("abc123def456", "support-bot", OWNER);
    store.insert(model, Optional.empty());
    Instant deleted = CREATED.plusSeconds(5 * 3600 + 17);

    assertThat(store.delete(model.id(), deleted)).isTrue();
    assertThat(store.delete(model.id(), deleted)).isFalse();

    assertThat(store.live()).isEmpty();
    assertThat(store.lifetimes())
        .containsExactly(new ProvisionedLifetime(model, Optional.of(deleted), 0));
  }

  @Test
  void accrued_recordsTheHoursBilled_liveOrDeleted() {
    ProvisionedStore store = store();
    ProvisionedModel model = model("abc123def456", "support-bot", OWNER);
    store.insert(model, Optional.empty());

    store.accrued(model.id(), 3);
    assertThat(store.lifetimes())
        .singleElement()
        .extracting(ProvisionedLifetime::accruedHours)
        .isEqualTo(3L);

    store.delete(model.id(), CREATED.plusSeconds(4 * 3600));
    store.accrued(model.id(), 4);
    assertThat(store.lifetimes())
        .singleElement()
        .extracting(ProvisionedLifetime::accruedHours)
        .isEqualTo(4L);
  }

  @Test
  void aModelWithoutCommitment_roundTripsItsEmptyFields() {
    ProvisionedStore store = store();
    ProvisionedModel model = model("abc123def456", "hourly", OWNER);
    ProvisionedModel hourly =
        new ProvisionedModel(
            model.id(),
            model.name(),
            model.arn(),
            model.baseModel(),
            model.basePriceId(),
            1,
            CommitmentTerm.NONE,
            ProvisionedStatus.IN_SERVICE,
            Optional.empty(),
            CREATED,
            CREATED,
            Optional.empty(),
            new Principal("key-9", "acme", "", "", Map.of()),
            Map.of());

    store.insert(hourly, Optional.empty());

    assertThat(store.live()).containsExactly(hourly);
  }
}
