/** Sources that turn live or simulated data into feature vectors and, once known, labelled examples. */
package dev.freshet.pipeline.source;
