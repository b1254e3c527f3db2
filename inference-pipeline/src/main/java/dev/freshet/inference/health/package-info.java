/** Readiness of inference: every served model has a version loaded and the warm-up is over. */
package dev.freshet.inference.health;
