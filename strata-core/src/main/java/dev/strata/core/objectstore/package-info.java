/**
 * Where batch input and output files live: a port with a folder-per-bucket implementation by
 * default and an S3-compatible store when one is configured.
 */
package dev.strata.core.objectstore;
