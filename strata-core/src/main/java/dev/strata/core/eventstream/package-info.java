/**
 * The AWS event-stream binary framing ({@code application/vnd.amazon.eventstream}): messages of
 * typed headers and a payload, each guarded by a prelude CRC32 and a message CRC32.
 */
package dev.strata.core.eventstream;
