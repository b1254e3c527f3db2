/**
 * Labelled examples from their Kafka bytes: a byte-level scanner for the common case, held to the full reader
 * by differential tests, and decoding spread over threads while the loop learns.
 */
package dev.freshet.training.decode;
