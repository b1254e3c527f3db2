/** {@code make demo}: the whole system on one machine, watched from the terminal. */
package dev.freshet.demo;
