/**
 * The training loop: mini-batches read from Kafka, each model tested at event time then trained, drift watched
 * and reacted to; the loop hands versions to {@code publish} and its figures to {@code status}.
 */
package dev.freshet.training.loop;
