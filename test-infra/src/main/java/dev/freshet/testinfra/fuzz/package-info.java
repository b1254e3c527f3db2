/**
 * The fuzz suites' parts: {@link dev.freshet.testinfra.fuzz.RecordFuzzer} generates records for a consumed topic,
 * each marked with what its consumer must do; {@link dev.freshet.testinfra.fuzz.KafkaFuzzRun} sends them and checks
 * the dead letters; {@link dev.freshet.testinfra.fuzz.RestFuzzRun} sends generated requests and checks every answer.
 */
package dev.freshet.testinfra.fuzz;
