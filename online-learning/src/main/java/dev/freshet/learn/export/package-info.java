/**
 * Exports of a frozen model to formats that need no Freshet class to score: ONNX (through Tribuo's ONNX support,
 * encodings and scaling inside the graph) and, for a linear model, Tribuo's own {@code LinearSGDModel}.
 */
package dev.freshet.learn.export;
