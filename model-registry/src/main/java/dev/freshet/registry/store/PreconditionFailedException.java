package dev.freshet.registry.store;

/** A conditional write lost: the object exists already ({@code If-None-Match}) or changed ({@code If-Match}). */
public class PreconditionFailedException extends RuntimeException {

    public PreconditionFailedException(String key) {
        super("precondition failed for " + key + ": it was created or changed by someone else");
    }
}
