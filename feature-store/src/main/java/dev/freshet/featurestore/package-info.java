/**
 * The PostgreSQL feature store of labelled examples: idempotent appends keyed by Kafka position, consistent
 * history snapshots with the end offset of each partition, point-in-time reads, and backfill.
 */
package dev.freshet.featurestore;
