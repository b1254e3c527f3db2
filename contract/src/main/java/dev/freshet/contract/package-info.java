/**
 * What every service agrees on: feature-set schemas ({@link dev.freshet.contract.FeatureSet}), the
 * message records on Kafka and their JSON ({@link dev.freshet.contract.Messages}), and topic names.
 */
package dev.freshet.contract;
