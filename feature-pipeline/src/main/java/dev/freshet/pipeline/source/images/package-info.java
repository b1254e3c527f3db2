/**
 * The image source: labelled images from IDX files (the format of MNIST and Fashion-MNIST), each image a feature
 * vector of its pixels.
 */
package dev.freshet.pipeline.source.images;
