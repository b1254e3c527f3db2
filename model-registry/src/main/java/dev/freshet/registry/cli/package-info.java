/** The {@code freshet-models} command behind `make models`. */
package dev.freshet.registry.cli;
