/** Publishing features and labelled examples to Kafka, and creating the topics. */
package dev.freshet.pipeline.publish;
