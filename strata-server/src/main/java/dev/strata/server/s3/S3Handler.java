package dev.strata.server.s3;

/**
 * Serves one S3 operation on a virtual thread and ends the response; a {@link
 * dev.strata.core.error.StrataException} thrown before the response started is rendered as S3 XML.
 */
@FunctionalInterface
interface S3Handler {
  void handle(S3Exchange exchange);
}
