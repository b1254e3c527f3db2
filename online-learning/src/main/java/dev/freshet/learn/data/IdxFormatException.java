package dev.freshet.learn.data;

import java.io.IOException;

/** An IDX file that cannot be read as what it should hold; the message names the file and the problem. */
public final class IdxFormatException extends IOException {

    public IdxFormatException(String file, String problem) {
        super(file + ": " + problem);
    }
}
