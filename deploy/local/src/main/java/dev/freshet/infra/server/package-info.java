/** The three local servers (Kafka, S3Proxy, PostgreSQL) and the process plumbing they share. */
package dev.freshet.infra.server;
