/**
 * The CSV source: a labelled data set replayed row by row as feature vectors and examples, its test rows held out
 * unlabelled.
 */
package dev.freshet.pipeline.source.csv;
