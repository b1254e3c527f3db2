/**
 * Inference on Kafka: feature vectors answered onto the predictions topic (or dead-lettered with a reason), and
 * the answers joined with their labels when they come, for live accuracy and a confusion matrix per model.
 */
package dev.freshet.inference.stream;
