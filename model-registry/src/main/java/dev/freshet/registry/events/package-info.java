/** Registry events on {@code freshet.model-events}: one JSON record shared by the trainer and inference. */
package dev.freshet.registry.events;
