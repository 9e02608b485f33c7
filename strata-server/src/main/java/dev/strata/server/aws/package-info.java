/**
 * AWS Signature Version 4 verification for the AWS access keys Strata issues: {@link
 * dev.strata.server.aws.SigV4Verifier} turns a signed {@link dev.strata.server.aws.SignedRequest}
 * into the principal of the virtual key the access key is bound to — for Bedrock calls, or for S3
 * calls whose streamed bodies are then checked against a {@link
 * dev.strata.server.aws.SignedPayload}.
 */
package dev.strata.server.aws;
