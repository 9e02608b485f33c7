/** Strata's core: the canonical model, the request path, pricing and metering, and the ports. */
package dev.strata.core;
