package dev.freshet.inference.bench;

import java.nio.charset.StandardCharsets;

/**
 * Reads HTTP/1.1 answers from a connection's bytes as they come, without allocating: the status code, then the body
 * by {@code Content-Length} or chunked, skipped. Header lines past {@value #LINE} bytes are read only as far as that
 * (the two headers it needs are short). For {@link FixedRateLoad}, which must not allocate per request.
 */
final class HttpAnswerParser {

    private static final int LINE = 256;
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "transfer-encoding: chunked".getBytes(StandardCharsets.US_ASCII);

    private enum State { STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DONE }

    private final byte[] line = new byte[LINE];
    private int lineLength;
    private State state = State.STATUS;
    private int status;
    private long remaining;
    private boolean chunked;

    /** Reads from {@code bytes[from..to)} until an answer is complete or the bytes end; returns where it stopped. */
    int feed(byte[] bytes, int from, int to) {
        int at = from;
        while (at < to && state != State.DONE) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int take = (int) Math.min(remaining, to - at);
                    at += take;
                    remaining -= take;
                    if (remaining == 0) {
                        state = state == State.BODY ? State.DONE : State.CHUNK_END;
                    }
                }
                default -> {
                    byte b = bytes[at++];
                    if (b == '\n') {
                        endOfLine();
                    } else if (b != '\r' && lineLength < LINE) {
                        line[lineLength++] = b;
                    }
                }
            }
        }
        return at;
    }

    boolean complete() {
        return state == State.DONE;
    }

    int status() {
        return status;
    }

    void reset() {
        state = State.STATUS;
        lineLength = 0;
        status = 0;
        remaining = 0;
        chunked = false;
    }

    private void endOfLine() {
        switch (state) {
            case STATUS -> {
                // "HTTP/1.1 200 OK"
                status = lineLength >= 12 ? (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0') : -1;
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (lineLength == 0) {
                    state = chunked ? State.CHUNK_SIZE : remaining > 0 ? State.BODY : State.DONE;
                } else if (startsWithIgnoringCase(CONTENT_LENGTH)) {
                    remaining = number(CONTENT_LENGTH.length, 10);
                } else if (startsWithIgnoringCase(CHUNKED)) {
                    chunked = true;
                }
            }
            case CHUNK_SIZE -> {
                remaining = number(0, 16);
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (lineLength == 0) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException("line end in " + state);
        }
        lineLength = 0;
    }

    private boolean startsWithIgnoringCase(byte[] prefix) {
        if (lineLength < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toLowerCase(line[i]) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private long number(int from, int radix) {
        long value = 0;
        for (int i = from; i < lineLength; i++) {
            int digit = Character.digit(line[i], radix);
            if (digit >= 0) {
                value = value * radix + digit;
            } else if (line[i] != ' ' || value > 0) {
                break; // chunk extensions, or the end of the number
            }
        }
        return value;
    }
}
