/**
 * Inference on Kafka: feature vectors answered onto the predictions topic (or dead-lettered with a reason), the
 * answers joined with their labels when they come, for live accuracy and a confusion matrix per model, and each
 * served version scored on the held-out examples of the test topic.
 */
package dev.freshet.inference.stream;
