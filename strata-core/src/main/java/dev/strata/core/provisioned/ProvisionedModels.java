package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.DynamicModels;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.ProvisionedPrice;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The registry of provisioned models: create, read, list, change and delete them under the
 * commitment rules (a committed model cannot be deleted, nor its units decreased, before its term
 * ends), and resolve their names, ids and ARNs to catalog entries served by the base model's
 * provider at $0 a request ({@link PriceSource.Provisioned}). A tenant sees and manages only its
 * own models. Reads come from an in-memory copy of the store, reloaded by {@link #refresh} and, at
 * most once a second, when a name is not found, so models another instance created appear.
 */
public final class ProvisionedModels implements DynamicModels {
  static final int MAX_UNITS = 10_000;
  static final int MAX_TAGS = 200;
  private static final int MAX_NAME_LENGTH = 63;
  private static final Pattern NAME = Pattern.compile("([0-9a-zA-Z][_-]?)+");
  private static final Duration MISS_REFRESH_INTERVAL = Duration.ofSeconds(1);
  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int ID_LENGTH = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProvisionedStore store;
  private final ModelCatalog catalog;
  private final PriceBook prices;
  private final ProvisionedArns arns;
  private final Duration provisioningTime;
  private final Clock clock;
  private final ReentrantLock writes = new ReentrantLock();
  private volatile Map<String, ProvisionedModel> live = Map.of();
  private volatile Instant refreshedAt = Instant.MIN;

  /**
   * @param catalog the configured models a provisioned model may be backed by (not the catalog that
   *     resolves provisioned models through this registry)
   * @param provisioningTime how long a creation or change shows as Creating or Updating before the
   *     model is in service; zero for at once
   */
  public ProvisionedModels(
      ProvisionedStore store,
      ModelCatalog catalog,
      PriceBook prices,
      ProvisionedArns arns,
      Duration provisioningTime,
      Clock clock) {
    this.store = requireNonNull(store, "store");
    this.catalog = requireNonNull(catalog, "catalog");
    this.prices = requireNonNull(prices, "prices");
    this.arns = requireNonNull(arns, "arns");
    this.provisioningTime = requireNonNull(provisioningTime, "provisioningTime");
    this.clock = requireNonNull(clock, "clock");
    if (provisioningTime.isNegative()) {
      throw new IllegalArgumentException("provisioningTime cannot be negative");
    }
    refresh();
  }

  public ProvisionedArns arns() {
    return arns;
  }

  /**
   * Provisions {@code request.baseModel()}: validates the request, checks the price book prices the
   * model's capacity and the chosen term, and stores it, Creating until the provisioning step has
   * passed. A repeated client token returns the model created with it.
   *
   * @throws StrataException INVALID_REQUEST naming the field at fault; NOT_FOUND for an unknown
   *     base model; QUOTA_EXCEEDED beyond the most model units Strata provisions at once
   */
  public ProvisionedModel create(NewProvisionedModel request) {
    requireNonNull(request, "request");
    writes.lock();
    try {
      Optional<ProvisionedModel> repeated = repeated(request);
      if (repeated.isPresent()) {
        return repeated.get();
      }
      refresh();
      validName(request.name(), "provisionedModelName");
      nameFree(request.name(), "");
      ModelEntry base = baseModel(request.baseModel());
      String priceId = priceIdOf(base);
      validUnits(request.modelUnits());
      validTags(request.tags());
      Instant now = now();
      requireHourlyPrice(base.name(), priceId, request.commitment(), now);
      String id = newId();
      ProvisionedModel model =
          new ProvisionedModel(
              id,
              request.name(),
              arns.arn(id),
              base.name(),
              priceId,
              request.modelUnits(),
              request.commitment(),
              ProvisionedStatus.CREATING,
              Optional.empty(),
              now,
              now,
              request.commitment().expiresAt(now),
              request.owner(),
              request.tags());
      if (!store.insert(model, request.clientToken())) {
        repeated = repeated(request);
        if (repeated.isPresent()) {
          return repeated.get();
        }
        refresh();
        throw nameTaken(request.name(), "provisionedModelName");
      }
      remember(model);
      return view(model, now);
    } finally {
      writes.unlock();
    }
  }

  /**
   * The caller's provisioned model named by {@code identifier}: its ARN, id or name.
   *
   * @throws StrataException NOT_FOUND when the caller's tenant has no such live model
   */
  public ProvisionedModel get(Principal caller, String identifier) {
    return view(owned(caller, identifier), now());
  }

  /** The caller's tenant's live models that match {@code query}, sorted by creation time. */
  public List<ProvisionedModel> list(Principal caller, ProvisionedQuery query) {
    refreshIfStale();
    Instant now = now();
    Comparator<ProvisionedModel> order =
        Comparator.comparing(ProvisionedModel::createdAt).thenComparing(ProvisionedModel::id);
    return live.values().stream()
        .filter(model -> model.owner().tenant().equals(caller.tenant()))
        .map(model -> view(model, now))
        .filter(query::matches)
        .sorted(query.ascending() ? order : order.reversed())
        .toList();
  }

  /**
   * Renames the model and/or moves it to another catalog model priced the same way (so its capacity
   * and hourly price stay those bought); it shows as Updating until the provisioning step has
   * passed.
   *
   * @throws StrataException INVALID_REQUEST when neither is given or a value is not allowed
   */
  public ProvisionedModel update(
      Principal caller,
      String identifier,
      Optional<String> newName,
      Optional<String> newBaseModel) {
    return update(caller, identifier, newName, newBaseModel, OptionalInt.empty());
  }

  /**
   * Changes how many model units are reserved; while a commitment term runs they can only grow.
   *
   * @throws StrataException INVALID_REQUEST for a decrease during the term or units out of range
   */
  public ProvisionedModel changeUnits(Principal caller, String identifier, int modelUnits) {
    return update(
        caller, identifier, Optional.empty(), Optional.empty(), OptionalInt.of(modelUnits));
  }

  /**
   * Renames the model, moves it to another catalog model priced the same way (so its capacity and
   * hourly price stay those bought) and/or changes its model units (while a commitment term runs
   * they can only grow) — all or nothing. It shows as Updating until the provisioning step has
   * passed.
   *
   * @throws StrataException INVALID_REQUEST when nothing is asked or a value is not allowed
   */
  public ProvisionedModel update(
      Principal caller,
      String identifier,
      Optional<String> newName,
      Optional<String> newBaseModel,
      OptionalInt newUnits) {
    if (newName.isEmpty() && newBaseModel.isEmpty() && newUnits.isEmpty()) {
      throw StrataException.invalid(
          "desiredProvisionedModelName",
          "Give desiredProvisionedModelName, desiredModelId and/or desiredModelUnits to update a"
              + " provisioned model.");
    }
    newUnits.ifPresent(ProvisionedModels::validUnits);
    writes.lock();
    try {
      Instant now = now();
      ProvisionedModel current = view(owned(caller, identifier), now);
      String name = newName.orElse(current.name());
      if (!name.equals(current.name())) {
        validName(name, "desiredProvisionedModelName");
        nameFree(name, current.id());
      }
      String baseName = current.baseModel();
      if (newBaseModel.isPresent()) {
        ModelEntry base = baseModel(newBaseModel.get());
        String priceId = priceIdOf(base);
        if (!priceId.equals(current.basePriceId())) {
          throw StrataException.invalid(
              "desiredModelId",
              "A provisioned model can only move to a model priced the same way, so that the"
                  + " capacity and hourly price bought stay the same: '"
                  + base.name()
                  + "' is priced as '"
                  + priceId
                  + "', this provisioned model as '"
                  + current.basePriceId()
                  + "'.");
        }
        baseName = base.name();
      }
      int units = newUnits.orElse(current.modelUnits());
      if (units < current.modelUnits() && current.isCommittedAt(now)) {
        throw StrataException.invalid(
            "modelUnits",
            "The provisioned model '"
                + current.name()
                + "' has a "
                + current.commitment().wireName().orElseThrow()
                + " commitment of "
                + current.modelUnits()
                + " model units until "
                + current.commitmentExpiresAt().orElseThrow()
                + "; its model units cannot be decreased before then.");
      }
      if (name.equals(current.name())
          && baseName.equals(current.baseModel())
          && units == current.modelUnits()) {
        return current;
      }
      return save(current.changed(name, baseName, units, now), now);
    } finally {
      writes.unlock();
    }
  }

  /**
   * Deletes the model: it stops serving and accruing at once. Returns it as it was.
   *
   * @throws StrataException INVALID_REQUEST while its commitment term runs, naming the end
   */
  public ProvisionedModel delete(Principal caller, String identifier) {
    writes.lock();
    try {
      Instant now = now();
      ProvisionedModel current = view(owned(caller, identifier), now);
      if (current.isCommittedAt(now)) {
        throw StrataException.invalid(
            "provisionedModelId",
            "The provisioned model '"
                + current.name()
                + "' has a "
                + current.commitment().wireName().orElseThrow()
                + " commitment until "
                + current.commitmentExpiresAt().orElseThrow()
                + "; it cannot be deleted before the commitment term ends.");
      }
      if (!store.delete(current.id(), now)) {
        refresh();
        throw notFound(identifier);
      }
      forget(current.id());
      return current;
    } finally {
      writes.unlock();
    }
  }

  /**
   * The catalog entry of the serving provisioned model named {@code name} (its name, id or ARN):
   * the base model's provider and upstream model, priced {@link PriceSource.Provisioned}, named by
   * the ARN so the ledger attributes its requests to it whatever the caller called it.
   */
  @Override
  public Optional<ModelEntry> find(String name) {
    Optional<ProvisionedModel> found = lookup(name);
    if (found.isEmpty() && refreshIfStale()) {
      found = lookup(name);
    }
    Instant now = now();
    return found
        .map(model -> view(model, now))
        .filter(model -> model.status().isServing())
        .flatMap(this::entry);
  }

  /** Reloads the live models from the store, e.g. to see changes made by another instance. */
  public void refresh() {
    Map<String, ProvisionedModel> loaded = new LinkedHashMap<>();
    for (ProvisionedModel model : store.live()) {
      loaded.put(model.id(), model);
    }
    live = Map.copyOf(loaded);
    refreshedAt = now();
  }

  /**
   * The capacity lane of the serving model with this ARN: its owner's tenant and tokens a minute.
   */
  Optional<Lane> lane(String provisionedModelArn) {
    Optional<ProvisionedModel> found =
        ProvisionedArns.idOf(provisionedModelArn)
            .map(live::get)
            .filter(m -> m.arn().equals(provisionedModelArn));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Instant now = now();
    ProvisionedModel model = view(found.get(), now);
    if (!model.status().isServing()) {
      return Optional.empty();
    }
    return prices
        .provisionedPriceOn(model.basePriceId(), LocalDate.ofInstant(now, ZoneOffset.UTC))
        .map(
            price ->
                new Lane(
                    model.name(),
                    model.owner().tenant(),
                    model.modelUnits(),
                    Math.multiplyExact(price.tokensPerMinutePerUnit(), (long) model.modelUnits())));
  }

  /** What a lane needs to know about a provisioned model. */
  record Lane(String name, String tenant, int modelUnits, long tokensPerMinute) {}

  private Optional<ModelEntry> entry(ProvisionedModel model) {
    return catalog
        .model(model.baseModel())
        .map(
            base ->
                new ModelEntry(
                    model.arn(),
                    base.provider(),
                    base.upstreamModel(),
                    new PriceSource.Provisioned(model.arn(), model.basePriceId()),
                    base.maxOutputTokens(),
                    base.supportsEmbeddings()));
  }

  /** The model as it stands now: provisioned once the step has passed, failed if its base left. */
  private ProvisionedModel view(ProvisionedModel model, Instant now) {
    if (catalog.model(model.baseModel()).isEmpty()) {
      return model.withStatus(
          ProvisionedStatus.FAILED,
          Optional.of(
              "The base model '" + model.baseModel() + "' is no longer in Strata's catalog."));
    }
    return model.asOf(now, provisioningTime);
  }

  private ProvisionedModel save(ProvisionedModel changed, Instant now) {
    if (!store.update(changed)) {
      refresh();
      throw notFound(changed.arn());
    }
    remember(changed);
    return view(changed, now);
  }

  private Optional<ProvisionedModel> repeated(NewProvisionedModel request) {
    return request
        .clientToken()
        .flatMap(token -> store.byClientToken(request.owner().tenant(), token))
        .map(model -> view(model, now()));
  }

  private ProvisionedModel owned(Principal caller, String identifier) {
    Optional<ProvisionedModel> found = lookup(identifier).filter(m -> ownedBy(m, caller));
    if (found.isEmpty() && refreshIfStale()) {
      found = lookup(identifier).filter(m -> ownedBy(m, caller));
    }
    return found.orElseThrow(() -> notFound(identifier));
  }

  private static boolean ownedBy(ProvisionedModel model, Principal caller) {
    return model.owner().tenant().equals(caller.tenant());
  }

  /** The live model whose ARN, id or name is {@code identifier}. */
  private Optional<ProvisionedModel> lookup(String identifier) {
    Map<String, ProvisionedModel> models = live;
    Optional<String> arnId = ProvisionedArns.idOf(identifier);
    if (arnId.isPresent()) {
      return Optional.ofNullable(models.get(arnId.get())).filter(m -> m.arn().equals(identifier));
    }
    ProvisionedModel byId = models.get(identifier);
    if (byId != null) {
      return Optional.of(byId);
    }
    return models.values().stream().filter(m -> m.name().equals(identifier)).findFirst();
  }

  private boolean refreshIfStale() {
    if (now().isBefore(refreshedAt.plus(MISS_REFRESH_INTERVAL))) {
      return false;
    }
    refresh();
    return true;
  }

  private void remember(ProvisionedModel model) {
    Map<String, ProvisionedModel> next = new LinkedHashMap<>(live);
    next.put(model.id(), model);
    live = Map.copyOf(next);
  }

  private void forget(String id) {
    Map<String, ProvisionedModel> next = new LinkedHashMap<>(live);
    next.remove(id);
    live = Map.copyOf(next);
  }

  private ModelEntry baseModel(String name) {
    return catalog
        .model(name)
        .orElseThrow(
            () ->
                StrataException.builder(
                        ErrorKind.NOT_FOUND,
                        "The model '"
                            + name
                            + "' is not in Strata's catalog, so it cannot be provisioned.")
                    .param("modelId")
                    .build());
  }

  /** The price-book id capacity and hours of {@code base} are priced by. */
  private static String priceIdOf(ModelEntry base) {
    return switch (base.pricing()) {
      case PriceSource.Listed listed -> listed.priceId();
      case PriceSource.Provisioned provisioned -> provisioned.basePriceId();
      // A model on Strata's own machine is priced by an entry under its own name.
      case PriceSource.MachineTime machine -> base.name();
    };
  }

  private void requireHourlyPrice(String model, String priceId, CommitmentTerm term, Instant now) {
    Optional<ProvisionedPrice> price =
        prices.provisionedPriceOn(priceId, LocalDate.ofInstant(now, ZoneOffset.UTC));
    if (price.isEmpty()) {
      throw StrataException.invalid(
          "modelId",
          "The model '"
              + model
              + "' cannot be provisioned: the price book has no provisioned price for '"
              + priceId
              + "' (add a 'provisioned:' entry with tokensPerMinutePerUnit and hourlyPerUnit).");
    }
    if (term.hourlyPerUnit(price.get()).isEmpty()) {
      throw StrataException.invalid(
          "commitmentDuration",
          "The model '"
              + model
              + "' cannot be provisioned "
              + term.wireName()
                  .map(wire -> "with a " + wire + " commitment")
                  .orElse("without a commitment")
              + ": the price book has no '"
              + term.priceKey()
              + "' hourly price for '"
              + priceId
              + "'.");
    }
  }

  private void nameFree(String name, String exceptId) {
    boolean provisioned =
        live.values().stream().anyMatch(m -> m.name().equals(name) && !m.id().equals(exceptId));
    if (provisioned || catalog.model(name).isPresent() || catalog.aliases().containsKey(name)) {
      throw nameTaken(
          name, exceptId.isEmpty() ? "provisionedModelName" : "desiredProvisionedModelName");
    }
  }

  private static StrataException nameTaken(String name, String param) {
    return StrataException.invalid(
        param, "The name '" + name + "' is already used by a model; choose another name.");
  }

  private static void validName(String name, String param) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw StrataException.invalid(
          param,
          "Value '"
              + name
              + "' at '"
              + param
              + "' failed to satisfy constraint: Member must be 1 to "
              + MAX_NAME_LENGTH
              + " letters and digits, each optionally followed by one '-' or '_'.");
    }
  }

  private static void validUnits(int units) {
    if (units < 1) {
      throw StrataException.invalid(
          "modelUnits",
          "Value '"
              + units
              + "' at 'modelUnits' failed to satisfy constraint: Member must have"
              + " value greater than or equal to 1");
    }
    if (units > MAX_UNITS) {
      throw StrataException.builder(
              ErrorKind.QUOTA_EXCEEDED,
              "Strata provisions at most "
                  + MAX_UNITS
                  + " model units per model; asked for "
                  + units
                  + ".")
          .param("modelUnits")
          .build();
    }
  }

  private static void validTags(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw StrataException.builder(
              ErrorKind.INVALID_REQUEST,
              "A provisioned model takes at most " + MAX_TAGS + " tags; got " + tags.size() + ".")
          .param("tags")
          .code("TooManyTagsException")
          .build();
    }
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (tag.getKey().isEmpty() || tag.getKey().length() > 128 || tag.getValue().length() > 256) {
        throw StrataException.invalid(
            "tags",
            "Tag keys must be 1 to 128 characters and values at most 256; the tag '"
                + (tag.getKey().length() > 40 ? tag.getKey().substring(0, 40) + "…" : tag.getKey())
                + "' is not.");
      }
    }
  }

  private static StrataException notFound(String identifier) {
    return StrataException.builder(
            ErrorKind.NOT_FOUND, "The provisioned model '" + identifier + "' does not exist.")
        .param("provisionedModelId")
        .build();
  }

  private static String newId() {
    char[] id = new char[ID_LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }

  /** Now, to the millisecond, as stores keep times. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public String toString() {
    return "ProvisionedModels[" + live.size() + " live, " + store + "]";
  }
}
