/**
 * What Strata needs to call AWS services itself: {@link dev.strata.providers.aws.SigV4Signer}
 * signs a request with Signature Version 4 for {@link dev.strata.providers.aws.AwsCredentials},
 * and {@link dev.strata.providers.aws.UriEncoding} percent-encodes path labels the way AWS does.
 */
package dev.strata.providers.aws;
