/** Inference's typed configuration ({@code freshet.inference.*}) and the beans made from it (the registry). */
package dev.freshet.inference.config;
