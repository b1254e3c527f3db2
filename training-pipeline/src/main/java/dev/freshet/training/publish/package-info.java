/**
 * Versions out of the loop: publishing to the registry with retries, the champion gate, the metrics a version
 * records, and model events and dead letters on Kafka.
 */
package dev.freshet.training.publish;
