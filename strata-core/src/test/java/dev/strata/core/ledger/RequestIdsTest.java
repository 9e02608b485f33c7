package dev.strata.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
  private static final Instant ARRIVAL = Instant.parse("2026-11-28T19:00:00.123Z");

  @Test
  void anId_isTwentyTwoBase62Characters() {
    assertThat(RequestIds.next(ARRIVAL))
        .hasSize(RequestIds.LENGTH)
        .matches("[0-9A-Za-z]{22}");
  }

  @Test
  void idsSortInTheOrderTheirRequestsArrived() {
    List<String> ids = new ArrayList<>();
    for (long step = 0; step < 2_000; step++) {
      ids.add(RequestIds.next(ARRIVAL.plusMillis(step * step * 997)));
    }

    assertThat(ids).isSorted();
  }

  @Test
  void idsOfTheSameMillisecondShareTheTimePrefixAndDiffer() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(RequestIds.next(ARRIVAL));
    }

    assertThat(ids).hasSize(100_000);
    assertThat(ids).extracting(id -> id.substring(0, 8)).containsOnly(prefixOf(ARRIVAL));
  }

  @Test
  void theTimePrefixIsTheEpochMillisecondInBase62() {
    assertThat(RequestIds.next(Instant.EPOCH)).startsWith("00000000");
    assertThat(RequestIds.next(Instant.ofEpochMilli(61))).startsWith("0000000z");
    assertThat(RequestIds.next(Instant.ofEpochMilli(62))).startsWith("00000010");
    assertThat(RequestIds.next(Instant.ofEpochMilli(62L * 62 * 62 + 1))).startsWith("00001001");
  }

  @Test
  void aClockBefore1970_givesTheSmallestPrefixRatherThanFailing() {
    assertThat(RequestIds.next(Instant.parse("1969-12-31T23:59:59Z"))).startsWith("00000000");
  }

  private static String prefixOf(Instant arrival) {
    return RequestIds.next(arrival).substring(0, 8);
  }
}
