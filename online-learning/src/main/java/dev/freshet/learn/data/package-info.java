/** Example streams for tests, demos and backtests: labelled CSV files and seeded synthetic drifting streams. */
package dev.freshet.learn.data;
