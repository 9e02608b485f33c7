/**
 * Signature Version 4 primitives shared by the side that verifies AWS requests (the Bedrock and S3
 * frontends) and the side that signs them (the Bedrock upstream adapter): AWS's percent-encoding
 * and the hashes and signing-key chain.
 */
package dev.strata.core.aws;
