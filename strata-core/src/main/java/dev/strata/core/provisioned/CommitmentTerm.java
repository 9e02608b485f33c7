package dev.strata.core.provisioned;

import dev.strata.core.error.StrataException;
import dev.strata.core.money.Money;
import dev.strata.core.money.ProvisionedPrice;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * How long the owner of a provisioned model commits to paying for it: not at all (hourly, deletable
 * any time), one month or six months (cheaper per hour, not deletable before the term ends).
 */
public enum CommitmentTerm {
  NONE(0, null, "none"),
  ONE_MONTH(1, "OneMonth", "oneMonth"),
  SIX_MONTHS(6, "SixMonths", "sixMonths");

  private final int months;
  private final String wireName;
  private final String priceKey;

  CommitmentTerm(int months, String wireName, String priceKey) {
    this.months = months;
    this.wireName = wireName;
    this.priceKey = priceKey;
  }

  /**
   * The term named by Bedrock's {@code commitmentDuration}: {@code OneMonth}, {@code SixMonths}, or
   * absent for none.
   *
   * @throws StrataException INVALID_REQUEST for any other value
   */
  public static CommitmentTerm fromWire(Optional<String> commitmentDuration) {
    if (commitmentDuration.isEmpty()) {
      return NONE;
    }
    for (CommitmentTerm term : values()) {
      if (commitmentDuration.get().equals(term.wireName)) {
        return term;
      }
    }
    throw StrataException.invalid(
        "commitmentDuration",
        "Value '"
            + commitmentDuration.get()
            + "' at 'commitmentDuration' failed to satisfy constraint: Member must satisfy enum"
            + " value set: [OneMonth, SixMonths]");
  }

  /** Bedrock's {@code commitmentDuration}; empty for no commitment. */
  public Optional<String> wireName() {
    return Optional.ofNullable(wireName);
  }

  /** The key of this term's hourly price in the price book: none, oneMonth or sixMonths. */
  public String priceKey() {
    return priceKey;
  }

  public boolean isCommitted() {
    return months > 0;
  }

  /** When a term started at {@code start} ends (calendar months, UTC); empty without a term. */
  public Optional<Instant> expiresAt(Instant start) {
    return isCommitted()
        ? Optional.of(start.atZone(ZoneOffset.UTC).plusMonths(months).toInstant())
        : Optional.empty();
  }

  /** The hourly price per model unit under this term, if the price offers the term. */
  public Optional<Money> hourlyPerUnit(ProvisionedPrice price) {
    return switch (this) {
      case NONE -> price.hourlyNoCommitment();
      case ONE_MONTH -> price.hourlyOneMonth();
      case SIX_MONTHS -> price.hourlySixMonths();
    };
  }
}
