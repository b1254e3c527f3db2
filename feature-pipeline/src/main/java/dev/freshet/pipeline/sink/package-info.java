/** The sink of labelled examples from Kafka into the PostgreSQL feature store. */
package dev.freshet.pipeline.sink;
