package dev.strata.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {
  private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  @Test
  void daily_startsAtMidnightInTheZoneNotInUtc() {
    // 23:30 in Oslo (CEST, UTC+2) on 1 July is still 1 July there.
    Instant lateEvening = at("2025-07-01T21:30:00Z");
    Instant start = BudgetPeriod.DAILY.start(lateEvening, OSLO);

    assertThat(start).isEqualTo(at("2025-06-30T22:00:00Z"));
    assertThat(BudgetPeriod.DAILY.end(start, OSLO)).isEqualTo(at("2025-07-01T22:00:00Z"));
    // Half an hour after Oslo's midnight is the next day, though UTC still says 1 July.
    assertThat(BudgetPeriod.DAILY.start(at("2025-07-01T22:30:00Z"), OSLO))
        .isEqualTo(at("2025-07-01T22:00:00Z"));
  }

  @Test
  void daily_midnightItselfBelongsToTheNewDay() {
    Instant midnight = at("2025-07-01T22:00:00Z");

    assertThat(BudgetPeriod.DAILY.start(midnight, OSLO)).isEqualTo(midnight);
    assertThat(BudgetPeriod.DAILY.start(midnight.minusNanos(1), OSLO))
        .isEqualTo(at("2025-06-30T22:00:00Z"));
  }

  @Test
  void daily_springForwardDay_lasts23Hours() {
    Instant start = BudgetPeriod.DAILY.start(at("2025-03-30T12:00:00Z"), OSLO);
    Instant end = BudgetPeriod.DAILY.end(start, OSLO);

    assertThat(start).isEqualTo(at("2025-03-29T23:00:00Z")); // midnight CET
    assertThat(end).isEqualTo(at("2025-03-30T22:00:00Z")); // midnight CEST
    assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void daily_fallBackDay_lasts25Hours() {
    Instant start = BudgetPeriod.DAILY.start(at("2025-10-26T12:00:00Z"), OSLO);
    Instant end = BudgetPeriod.DAILY.end(start, OSLO);

    assertThat(start).isEqualTo(at("2025-10-25T22:00:00Z"));
    assertThat(end).isEqualTo(at("2025-10-26T23:00:00Z"));
    assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(25));
  }

  @Test
  void weekly_startsOnMondayMidnight() {
    // Sunday 6 July 2025, 23:59 in Oslo: still the week that began Monday 30 June.
    Instant sundayNight = at("2025-07-06T21:59:00Z");
    Instant start = BudgetPeriod.WEEKLY.start(sundayNight, OSLO);

    assertThat(start).isEqualTo(at("2025-06-29T22:00:00Z"));
    assertThat(start.atZone(OSLO).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(BudgetPeriod.WEEKLY.end(start, OSLO)).isEqualTo(at("2025-07-06T22:00:00Z"));
    // Monday 00:00 starts the next week.
    assertThat(BudgetPeriod.WEEKLY.start(at("2025-07-06T22:00:00Z"), OSLO))
        .isEqualTo(at("2025-07-06T22:00:00Z"));
  }

  @Test
  void weekly_onAMonday_startsThatMonday() {
    assertThat(BudgetPeriod.WEEKLY.start(at("2025-06-30T10:00:00Z"), OSLO))
        .isEqualTo(at("2025-06-29T22:00:00Z"));
  }

  @Test
  void weekly_spanningTheDstChange_lasts167Hours() {
    Instant start = BudgetPeriod.WEEKLY.start(at("2025-03-27T12:00:00Z"), OSLO);
    Instant end = BudgetPeriod.WEEKLY.end(start, OSLO);

    assertThat(start).isEqualTo(at("2025-03-23T23:00:00Z"));
    assertThat(end).isEqualTo(at("2025-03-30T22:00:00Z"));
    assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(7 * 24 - 1));
  }

  @Test
  void monthly_runsFromTheFirstToTheFirstOfTheNextMonth() {
    Instant start = BudgetPeriod.MONTHLY.start(at("2025-02-15T08:00:00Z"), OSLO);

    assertThat(start).isEqualTo(at("2025-01-31T23:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.end(start, OSLO)).isEqualTo(at("2025-02-28T23:00:00Z"));
  }

  @Test
  void monthly_leapFebruary_endsAfterThe29th() {
    Instant start = BudgetPeriod.MONTHLY.start(at("2024-02-29T12:00:00Z"), OSLO);

    assertThat(BudgetPeriod.MONTHLY.end(start, OSLO)).isEqualTo(at("2024-02-29T23:00:00Z"));
  }

  @Test
  void monthly_december_endsInTheNextYear() {
    Instant start = BudgetPeriod.MONTHLY.start(at("2025-12-31T22:59:59Z"), OSLO);

    assertThat(start).isEqualTo(at("2025-11-30T23:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.end(start, OSLO)).isEqualTo(at("2025-12-31T23:00:00Z"));
    // 00:00 on 1 January in Oslo is 23:00 UTC on 31 December: already January.
    assertThat(BudgetPeriod.MONTHLY.start(at("2025-12-31T23:00:00Z"), OSLO))
        .isEqualTo(at("2025-12-31T23:00:00Z"));
  }

  @Test
  void monthly_withTheDstChange_endsAtMidnightSummerTime() {
    Instant start = BudgetPeriod.MONTHLY.start(at("2025-03-10T00:00:00Z"), OSLO);

    assertThat(start).isEqualTo(at("2025-02-28T23:00:00Z"));
    assertThat(BudgetPeriod.MONTHLY.end(start, OSLO)).isEqualTo(at("2025-03-31T22:00:00Z"));
  }

  @Test
  void total_isOnePeriodForAllTime() {
    for (String now : new String[] {"1999-01-01T00:00:00Z", "2025-07-01T10:00:00Z"}) {
      Instant start = BudgetPeriod.TOTAL.start(at(now), OSLO);
      assertThat(start).isEqualTo(Instant.EPOCH);
      assertThat(BudgetPeriod.TOTAL.end(start, OSLO)).isEqualTo(BudgetPeriod.END_OF_TIME);
    }
  }

  @Test
  void everyPeriod_containsNowAndTilesTimeWithoutGaps() {
    // A year, in 5-hour steps, in zones with DST, one whose DST change skipped midnight (São Paulo,
    // 2018-11-04 began at 01:00) and one far east of UTC.
    for (ZoneId zone :
        new ZoneId[] {
          OSLO, ZoneId.of("America/Sao_Paulo"), ZoneId.of("Pacific/Auckland"), ZoneId.of("UTC")
        }) {
      for (BudgetPeriod period :
          new BudgetPeriod[] {BudgetPeriod.DAILY, BudgetPeriod.WEEKLY, BudgetPeriod.MONTHLY}) {
        Instant now = at("2018-01-01T00:30:00Z");
        while (now.isBefore(at("2019-01-01T00:00:00Z"))) {
          Instant start = period.start(now, zone);
          Instant end = period.end(start, zone);
          assertThat(start).as("%s %s at %s", period, zone, now).isBeforeOrEqualTo(now);
          assertThat(end).as("%s %s at %s", period, zone, now).isAfter(now);
          // The next period starts exactly where this one ends.
          assertThat(period.start(end, zone)).isEqualTo(end);
          assertThat(period.start(end.minusNanos(1), zone)).isEqualTo(start);
          now = now.plus(Duration.ofHours(5)); // 5 h steps visit every hour of the day
        }
      }
    }
  }

  @Test
  void daily_onADayWhoseMidnightDoesNotExist_startsAtTheFirstValidInstant() {
    ZoneId saoPaulo = ZoneId.of("America/Sao_Paulo");
    Instant start = BudgetPeriod.DAILY.start(at("2018-11-04T12:00:00Z"), saoPaulo);

    ZonedDateTime local = start.atZone(saoPaulo);
    assertThat(local.toLocalDate()).hasToString("2018-11-04");
    assertThat(local.toLocalTime()).isEqualTo(LocalTime.of(1, 0));
  }

  @Test
  void parse_readsWireNamesIgnoringCaseAndSpace() {
    assertThat(BudgetPeriod.parse(" Monthly ")).isEqualTo(BudgetPeriod.MONTHLY);
    for (BudgetPeriod period : BudgetPeriod.values()) {
      assertThat(BudgetPeriod.parse(period.wireName())).isEqualTo(period);
    }
    assertThat(BudgetPeriod.WEEKLY.wireName()).isEqualTo("weekly");
  }

  @Test
  void parse_unknownPeriod_isAnInvalidRequestListingTheChoices() {
    assertThatThrownBy(() -> BudgetPeriod.parse("hourly"))
        .isInstanceOfSatisfying(
            StrataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.param()).contains("period");
            })
        .hasMessageContaining("daily, weekly, monthly or total")
        .hasMessageContaining("'hourly'");
  }
}
