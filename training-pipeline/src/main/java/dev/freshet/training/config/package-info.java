/** The trainer's typed configuration ({@code freshet.training.*}), the beans made from it, and its start. */
package dev.freshet.training.config;
