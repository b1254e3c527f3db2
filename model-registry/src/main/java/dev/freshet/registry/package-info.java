/**
 * The model registry: versioned, checksummed Tribuo models on S3/MinIO. {@link dev.freshet.registry.ModelRegistry}
 * publishes versions with a conditional write, moves aliases with optimistic concurrency, rolls back,
 * applies retention, and loads models only after size, checksum and type checks.
 */
package dev.freshet.registry;
