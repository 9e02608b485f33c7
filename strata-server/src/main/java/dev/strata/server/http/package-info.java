/**
 * HTTP plumbing shared by the frontends: bounded body reading, virtual-thread dispatch, JSON
 * encoding into Vert.x buffers, credentials and request ids. Public only for the server's own
 * packages.
 */
package dev.strata.server.http;
