/**
 * Health of inference: ready when every served model has a version loaded and the warm-up is over; the registry's
 * reachability reported beside, without taking the service out of traffic.
 */
package dev.freshet.inference.health;
