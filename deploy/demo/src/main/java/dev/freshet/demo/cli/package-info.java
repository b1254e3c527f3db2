/** The {@code freshet-demo} command line behind {@code make demo} and {@code make down}. */
package dev.freshet.demo.cli;
