/**
 * A minimal S3-compatible endpoint over Strata's object store, so AWS SDK clients can upload batch
 * input files and fetch outputs: {@link dev.strata.server.s3.S3Endpoint}.
 */
package dev.strata.server.s3;
