package dev.freshet.learn.eval;

/**
 * A drift detector fired.
 *
 * @param example  1-based position in the stream of the example at which it fired
 * @param detector the detector's name
 */
public record DriftEvent(long example, String detector) {}
