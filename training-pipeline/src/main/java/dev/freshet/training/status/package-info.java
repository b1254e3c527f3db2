/**
 * What the trainer tells operators: its status for the REST API and health checks, and Micrometer meters per
 * model.
 */
package dev.freshet.training.status;
