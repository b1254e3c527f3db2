/** Object storage with the conditional writes the registry relies on, over the MinIO client. */
package dev.freshet.registry.store;
