/**
 * Load generation against loopback HTTP servers: an open-loop fixed-rate mode that avoids
 * coordinated omission and a closed-loop max-throughput mode, both recording into HdrHistogram.
 */
package dev.strata.bench.load;
