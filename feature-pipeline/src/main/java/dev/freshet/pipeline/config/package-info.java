/** Typed configuration of the feature pipeline. */
package dev.freshet.pipeline.config;
