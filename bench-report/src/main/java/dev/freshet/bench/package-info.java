/**
 * The project's benchmark report. Each benchmark records its figures with {@link dev.freshet.bench.BenchRecorder}
 * (median and spread of its samples, the target from its issue, a baseline measured in the same run, the
 * machine and the date) into {@code bench/results/<benchmark>.json}; {@link dev.freshet.bench.ReportWriter}
 * turns every file there into BENCHMARKS.md. {@code make bench} runs both.
 */
package dev.freshet.bench;
