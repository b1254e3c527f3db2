/** Readiness and liveness of the trainer: the loop runs, not failed; ready once past its start. */
package dev.freshet.training.health;
