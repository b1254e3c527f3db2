/**
 * Inference over HTTP: the Open Inference Protocol (V2) and {@code /predict}, the status and dashboard reads, the
 * request limits, and every error answered as JSON.
 */
package dev.freshet.inference.rest;
