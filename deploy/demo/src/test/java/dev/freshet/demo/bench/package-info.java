/** The drift benchmark: the whole system on the drone stream, its accuracy and drift detection against targets. */
package dev.freshet.demo.bench;
