package dev.freshet.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured API keys and the role each gives. Keys are kept only as SHA-256 digests and compared in
 * constant time against every configured key, so neither memory dumps nor timing tell a key away.
 */
public final class ApiKeys {

    /** A key's holder as the identity names it: the role and which of its keys, never the key. */
    public record Holder(String name, String role) {}

    private record Entry(byte[] digest, Holder holder) {}

    private final List<Entry> entries;

    /**
     * @throws IllegalArgumentException naming the setting of a key shorter than
     *                                  {@link SecurityConfig#MIN_KEY_LENGTH} or given for two roles
     */
    public ApiKeys(Map<String, List<String>> keysByRole) {
        List<Entry> list = new ArrayList<>();
        for (var role : keysByRole.entrySet()) {
            List<String> keys = role.getValue();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i).strip();
                String setting = "freshet.security.api-keys." + role.getKey();
                if (key.length() < SecurityConfig.MIN_KEY_LENGTH) {
                    throw new IllegalArgumentException(setting + ": key " + (i + 1) + " has " + key.length()
                            + " characters; keys need at least " + SecurityConfig.MIN_KEY_LENGTH
                            + " (e.g. openssl rand -hex 24)");
                }
                byte[] digest = sha256(key);
                for (Entry e : list) {
                    if (MessageDigest.isEqual(e.digest(), digest)) {
                        throw new IllegalArgumentException(setting + ": key " + (i + 1) + " is also a key of role '"
                                + e.holder().role() + "'; give each role its own keys");
                    }
                }
                list.add(new Entry(digest, new Holder(role.getKey() + "-key-" + (i + 1), role.getKey())));
            }
        }
        this.entries = List.copyOf(list);
    }

    /** The keys of a {@link SecurityConfig}. */
    public static ApiKeys of(SecurityConfig config) {
        SecurityConfig.ApiKeys keys = config.apiKeys();
        return new ApiKeys(Map.of(Roles.ADMIN, keys.admin().orElse(List.of()),
                Roles.OPERATOR, keys.operator().orElse(List.of()), Roles.READER, keys.reader().orElse(List.of())));
    }

    /** Who holds {@code key}, if anyone. Every configured key is compared, whichever matches. */
    public Optional<Holder> holder(String key) {
        byte[] digest = sha256(key);
        Holder found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), digest)) {
                found = e.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many keys each role has, for the startup report. */
    public Map<String, Long> countByRole() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String role : Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.READER)) {
            counts.put(role, entries.stream().filter(e -> e.holder().role().equals(role)).count());
        }
        return counts;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
