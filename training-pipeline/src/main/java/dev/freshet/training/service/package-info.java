/**
 * The training loop and its parts: decoding examples (a fast scanner beside the message reader), the models
 * learned test-then-train at event time, the gate that picks the champion, publishing to the registry, the
 * trainers' lock, dead letters and events, and the meters and status.
 */
package dev.freshet.training.service;
