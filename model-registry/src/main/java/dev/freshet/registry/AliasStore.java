package dev.freshet.registry;

import static dev.freshet.registry.RegistryLayout.JSON;
import static dev.freshet.registry.RegistryLayout.aliasKey;
import static dev.freshet.registry.RegistryLayout.requireName;

import dev.freshet.registry.store.ObjectStore;
import dev.freshet.registry.store.PreconditionFailedException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads aliases and writes them with the move-ticket protocol (see {@link ModelRegistry}): each move first creates
 * the ticket of the alias's next generation with {@code If-None-Match: *}; only its creator goes on to the
 * {@code If-Match} write.
 */
final class AliasStore {

    static final long STALE_TICKET_SECONDS = 30;
    private static final int MAX_TICKET_ATTEMPTS = 20;

    private final RegistryLayout layout;
    private final ObjectStore store;
    private final RegistrySettings settings;
    private final Clock clock;
    private final String publisherId;

    AliasStore(RegistryLayout layout, RegistrySettings settings, Clock clock, String publisherId) {
        this.layout = layout;
        this.store = layout.store();
        this.settings = settings;
        this.clock = clock;
        this.publisherId = publisherId;
    }

    /** The alias as stored, with its ETag; empty if it was never set. */
    Optional<AliasRef> read(String model, String alias) {
        requireName("model", model);
        requireName("alias", alias);
        return layout.getJson(aliasKey(model, alias)).map(stored -> {
            try {
                return new AliasRef(RegistryJson.read(stored.bytes(), AliasRecord.class), stored.etag());
            } catch (IOException e) {
                throw new RegistryException("alias '" + alias + "' of '" + model + "' is not readable: " + e.getMessage(), e);
            }
        });
    }

    /** Every stored alias of a model. */
    List<AliasRef> all(String model) {
        String prefix = model + "/aliases/";
        return store.list(prefix).stream().filter(k -> k.endsWith(".json"))
                .map(k -> k.substring(prefix.length(), k.length() - ".json".length()))
                .filter(RegistryLayout::isName)
                .map(a -> read(model, a)).flatMap(Optional::stream).toList();
    }

    /** Replaces {@code current} (read with its ETag) by a record pointing at {@code version}. */
    AliasRef write(String model, String alias, long version, List<Long> history, AliasRef current, String reason) {
        return write(model, alias, version, history, current.etag(), current.record().generation(), reason);
    }

    /** Creates the alias (no ETag) or replaces the one with {@code expectedEtag}, holding its move ticket. */
    AliasRef write(String model, String alias, long version, List<Long> history, String expectedEtag,
                   long currentGeneration, String reason) {
        long generation = currentGeneration + 1;
        List<Long> bounded = history.subList(0, Math.min(history.size(), settings.aliasHistory()));
        AliasRecord record = new AliasRecord(alias, model, version, bounded, clock.instant(), reason, generation);
        byte[] json = RegistryJson.write(record);
        try {
            if (expectedEtag == null) {
                return new AliasRef(record, store.putIfAbsent(aliasKey(model, alias), json, JSON));
            }
            String ticket = claimMoveTicket(model, alias, generation, expectedEtag);
            String etag;
            try {
                etag = store.putIfMatch(aliasKey(model, alias), json, JSON, expectedEtag);
            } catch (PreconditionFailedException e) {
                // Our read was stale (S3Proxy can answer a GET with the new body and the old ETag while a move
                // lands): give the generation back, or every mover of it waits for the ticket to go stale.
                releaseTicket(ticket);
                throw e;
            }
            deleteTickets(model, alias, currentGeneration);
            return new AliasRef(record, etag);
        } catch (PreconditionFailedException e) {
            throw new AliasConflictException(model, alias);
        }
    }

    /**
     * Makes this registry the one mover of {@code generation} and answers the ticket's key, or throws
     * {@link AliasConflictException}.
     */
    private String claimMoveTicket(String model, String alias, long generation, String expectedEtag) {
        byte[] ticket = RegistryJson.write(Map.of("mover", publisherId, "at", clock.instant().toString()));
        for (int attempt = 0; attempt < MAX_TICKET_ATTEMPTS; attempt++) {
            String key = ticketKey(model, alias, generation, attempt);
            try {
                store.putIfAbsent(key, ticket, JSON);
                return key;
            } catch (PreconditionFailedException e) {
                // Another mover holds this generation. Only if it died (stale ticket, alias unchanged) go on.
                boolean aliasUnchanged = read(model, alias).map(a -> a.etag().equals(expectedEtag)).orElse(false);
                if (!aliasUnchanged || !isStaleTicket(key)) {
                    throw new AliasConflictException(model, alias);
                }
            }
        }
        throw new AliasConflictException(model, alias);
    }

    private boolean isStaleTicket(String key) {
        return layout.getJson(key).map(stored -> {
            try {
                Instant at = Instant.parse((String) RegistryJson.read(stored.bytes(), Map.class).get("at"));
                return at.plusSeconds(STALE_TICKET_SECONDS).isBefore(clock.instant());
            } catch (IOException | RuntimeException e) {
                return true;
            }
        }).orElse(true);
    }

    private void releaseTicket(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            // Best effort: a ticket left behind goes stale after STALE_TICKET_SECONDS.
        }
    }

    private void deleteTickets(String model, String alias, long generation) {
        if (generation < 1) {
            return;
        }
        // Tickets of past generations are never contended again; a failure here leaves a small file behind.
        try {
            for (String key : store.list(model + "/alias-moves/" + alias + "/" + generation + "-")) {
                store.delete(key);
            }
        } catch (RuntimeException e) {
            // Best effort.
        }
    }

    private static String ticketKey(String model, String alias, long generation, int attempt) {
        return model + "/alias-moves/" + alias + "/" + generation + "-" + attempt + ".json";
    }
}
