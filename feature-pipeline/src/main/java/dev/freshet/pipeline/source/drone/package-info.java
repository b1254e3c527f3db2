/**
 * The drone source: a simulated fleet of shops whose busy hours follow their type and the hour, with label noise,
 * hourly bursts of labels and an optional drift; and the backfill of its history into the feature store.
 */
package dev.freshet.pipeline.source.drone;
