/**
 * Reusable test doubles for Strata's ports — a scripted {@link
 * dev.strata.core.testing.FakeProvider}, an {@link dev.strata.core.testing.InMemoryKeyStore}, an
 * {@link dev.strata.core.testing.InMemoryLedger} and a {@link dev.strata.core.testing.ManualClock}
 * — published in strata-core's test-jar for every module's tests.
 */
package dev.strata.core.testing;
