/** Reading the services' status while the demo runs, and the summary at its end. */
package dev.freshet.demo.watch;
