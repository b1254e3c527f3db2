/**
 * What every service agrees on: feature-set schemas ({@link dev.freshet.features.FeatureSet}), the
 * message records on Kafka and their JSON ({@link dev.freshet.features.Messages}), and topic names.
 */
package dev.freshet.features;
