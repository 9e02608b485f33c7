/**
 * AWS Signature Version 4 verification for the AWS access keys Strata issues: {@link
 * dev.strata.server.aws.SigV4Verifier} turns a signed {@link dev.strata.server.aws.SignedRequest}
 * into the principal of the virtual key the access key is bound to.
 */
package dev.strata.server.aws;
