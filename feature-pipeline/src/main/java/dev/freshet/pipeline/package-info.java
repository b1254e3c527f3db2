/** The feature pipeline service: sources to Kafka ({@code source}, {@code publish}) and Kafka to the feature store ({@code sink}). */
package dev.freshet.pipeline;
