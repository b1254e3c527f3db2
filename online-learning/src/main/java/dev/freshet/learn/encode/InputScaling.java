package dev.freshet.learn.encode;

/** How the network scales one encoded input with the running statistics of its values. */
public enum InputScaling {
    /** {@code (x - mean) / sd}: numeric features, and crosses of raw values saved before crosses were uncentred. */
    STANDARDISE,
    /** {@code x / sd}, 0 staying 0: crosses with a numeric factor, mostly 0, kept sparse. */
    DIVIDE,
    /** As it is: one-hot slots, sine and cosine, their crosses, already on a fixed scale. */
    AS_IS
}
