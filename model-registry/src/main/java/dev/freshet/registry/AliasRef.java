package dev.freshet.registry;

/**
 * An alias as read, with the ETag a move must match.
 *
 * @param record the alias
 * @param etag   its entity tag, for {@code If-Match}
 */
public record AliasRef(AliasRecord record, String etag) {

    public long version() {
        return record.version();
    }
}
