package dev.freshet.training.decode;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.util.Arrays;

/**
 * A position in one record's bytes and the span of the last string or number read, for {@link ExampleScanner}: the
 * narrow JSON it accepts, each step answering whether the bytes were in that form.
 */
final class ScanCursor {

    /** Longer numbers are left to the message reader (Jackson then reads big integers and decimals its own way). */
    private static final int MAX_NUMBER = 64;
    private static final int MAX_EXACT_INT_DIGITS = 18;
    /** Decimals of at most this many digits are exact as a long and as a double, and so is their power of ten. */
    private static final int MAX_FAST_DECIMAL_DIGITS = 15;
    private static final double[] POWERS_OF_TEN = new double[MAX_FAST_DECIMAL_DIGITS + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final byte[] json;
    int pos;
    int start;
    int end;
    /** Of the last string read: its {@link String#hashCode()}, computed over its (ASCII) bytes. */
    int hash;
    boolean integral;
    /** Of the last number read: digits after its point, or -1 when it has an exponent. */
    int fractionDigits;
    boolean failed;

    ScanCursor(byte[] json) {
        this.json = json;
    }

    /** The next byte that is not JSON whitespace (not consumed), or -1 at the end. */
    int next() {
        byte[] in = json;
        int p = pos;
        while (p < in.length) {
            byte b = in[p];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                pos = p;
                return b;
            }
            p++;
        }
        pos = p;
        return -1;
    }

    /** At a quote: reads a string of printable ASCII without escapes (and its hash); false for anything else. */
    boolean string() {
        byte[] in = json;
        int p = pos + 1;
        int h = 0;
        start = p;
        while (p < in.length) {
            byte b = in[p];
            if (b == '"') {
                end = p;
                hash = h;
                pos = p + 1;
                return true;
            }
            if (b < 0x20 || b == '\\' || b == 0x7f) { // control, escape, or not ASCII (negative)
                return false;
            }
            h = 31 * h + b;
            p++;
        }
        return false;
    }

    /**
     * At a quote: true, and past it, when the string there is exactly {@code name} (printable ASCII without
     * quotes or escapes, so the bytes decide); false, and nothing consumed, otherwise.
     */
    boolean name(byte[] name) {
        if (name == null) {
            return false;
        }
        int from = pos + 1;
        int to = from + name.length;
        if (to >= json.length || json[to] != '"' || !Arrays.equals(json, from, to, name, 0, name.length)) {
            return false;
        }
        start = from;
        end = to;
        pos = to + 1;
        return true;
    }

    boolean colon() {
        if (next() != ':') {
            return false;
        }
        pos++;
        return true;
    }

    /** A number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    boolean number() {
        next();
        start = pos;
        if (pos < json.length && json[pos] == '-') {
            pos++;
        }
        if (pos < json.length && json[pos] == '0') {
            pos++;
        } else if (digits() == 0) {
            return false;
        }
        integral = true;
        fractionDigits = 0;
        if (pos < json.length && json[pos] == '.') {
            pos++;
            integral = false;
            fractionDigits = digits();
            if (fractionDigits == 0) {
                return false;
            }
        }
        if (pos < json.length && (json[pos] == 'e' || json[pos] == 'E')) {
            pos++;
            integral = false;
            fractionDigits = -1;
            if (pos < json.length && (json[pos] == '+' || json[pos] == '-')) {
                pos++;
            }
            if (digits() == 0) {
                return false;
            }
        }
        end = pos;
        return end - start <= MAX_NUMBER;
    }

    private int digits() {
        byte[] in = json;
        int from = pos;
        int p = from;
        while (p < in.length && in[p] >= '0' && in[p] <= '9') {
            p++;
        }
        pos = p;
        return p - from;
    }

    /**
     * The number just read, as Jackson's parser gives it: integers converted from their exact value (so
     * {@code -0} is 0.0), decimals correctly rounded.
     */
    double value() {
        int length = end - start;
        if (integral) {
            boolean negative = json[start] == '-';
            int from = negative ? start + 1 : start;
            if (end - from > MAX_EXACT_INT_DIGITS) {
                return Double.NaN; // leave big integers to the reader
            }
            long v = 0;
            for (int i = from; i < end; i++) {
                v = v * 10 + (json[i] - '0');
            }
            return (double) (negative ? -v : v);
        }
        if (fractionDigits > 0 && length - (json[start] == '-' ? 2 : 1) <= MAX_FAST_DECIMAL_DIGITS) {
            // Clinger's fast path: the digits as an exact long over an exact power of ten, one correctly rounded
            // division. Pixels written as 255.0 spent most of the trainer's decoding in the general parser.
            boolean negative = json[start] == '-';
            long digits = 0;
            for (int i = negative ? start + 1 : start; i < end; i++) {
                byte b = json[i];
                if (b != '.') {
                    digits = digits * 10 + (b - '0');
                }
            }
            double v = digits / POWERS_OF_TEN[fractionDigits];
            return negative ? -v : v;
        }
        return JavaDoubleParser.parseDouble(json, start, length);
    }

    /** After a value: a comma (true: another member follows) or {@code close} (false); anything else fails. */
    boolean separator(char close) {
        int b = next();
        pos++;
        if (b == ',') {
            return true;
        }
        failed |= b != close;
        return false;
    }
}
