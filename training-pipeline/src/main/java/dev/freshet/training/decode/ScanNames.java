package dev.freshet.training.decode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Names looked up by their bytes without making a string, for {@link ExampleScanner}: an open-addressing table
 * keyed by the hash {@link String#hashCode()} gives, which the cursor computes over a string's bytes as it reads
 * them. A name that is not printable ASCII is left out (never found: such records take the message reader).
 */
final class ScanNames {
    private final byte[][] bytes;
    private final int[] slots; // index + 1, 0 for empty
    private final int mask;

    ScanNames(List<String> names) {
        bytes = bytesOf(names);
        mask = Integer.highestOneBit(Math.max(1, names.size()) * 4) - 1;
        slots = new int[mask + 1];
        for (int i = 0; i < names.size(); i++) {
            if (bytes[i] == null) {
                continue;
            }
            int slot = slot(names.get(i).hashCode());
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = i + 1;
        }
    }

    /** The bytes of the name at {@code index}; null for one never found (not printable ASCII without escapes). */
    byte[] bytes(int index) {
        return bytes[index];
    }

    private static byte[][] bytesOf(List<String> names) {
        byte[][] bytes = new byte[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')) {
                bytes[i] = name.getBytes(StandardCharsets.US_ASCII);
            }
        }
        return bytes;
    }

    /** The position of the name in {@code json[start, end)} (whose hash is {@code hash}), or -1. */
    int find(byte[] json, int start, int end, int hash) {
        for (int slot = slot(hash); slots[slot] != 0; slot = (slot + 1) & mask) {
            int index = slots[slot] - 1;
            if (equal(bytes[index], json, start, end)) {
                return index;
            }
        }
        return -1;
    }

    /**
     * The first slot of a hash, its bits mixed: names that differ in their last characters (px0 ... px783) have
     * neighbouring {@link String#hashCode()}s, which as slots made one long run to probe through.
     */
    private int slot(int hash) {
        int mixed = hash * 0x9E3779B9;
        return (mixed ^ (mixed >>> 16)) & mask;
    }

    /** Whether {@code json[start, end)} holds exactly the bytes {@code expected} (false for null). */
    static boolean equal(byte[] expected, byte[] json, int start, int end) {
        if (expected == null || expected.length != end - start) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != json[start + i]) {
                return false;
            }
        }
        return true;
    }
}
