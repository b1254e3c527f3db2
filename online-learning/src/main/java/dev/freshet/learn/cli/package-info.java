/** The backtest command: replay a labelled CSV test-then-train through a learner and report. */
package dev.freshet.learn.cli;
