/**
 * How a trainer starts: the trainers' lock, the waits for its servers and topic, each model resumed from
 * the registry or bootstrapped from the feature store, and the seek to where the models continue; refusals where
 * going on would lose or repeat examples.
 */
package dev.freshet.training.startup;
