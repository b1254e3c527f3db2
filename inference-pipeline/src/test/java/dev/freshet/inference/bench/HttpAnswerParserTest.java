package dev.freshet.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The load generator's answer parser: pipelined answers, any split of the bytes, both body framings. */
class HttpAnswerParserTest {

    private static final String FIXED = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 11\r\n\r\n"
            + "{\"a\":\"b\r\n\"}";
    private static final String CHUNKED = "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\n{\"x\":\r\n3;ext=1\r\n 1}\r\n0\r\nTrailer: t\r\n\r\n";
    private static final String EMPTY = "HTTP/1.1 413 Request Entity Too Large\r\ncontent-length: 0\r\n\r\n";

    @Test
    void pipelinedAnswersAreCountedWithTheirStatusWhereverTheBytesSplit() {
        byte[] stream = (FIXED + CHUNKED + EMPTY + FIXED).getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            HttpAnswerParser parser = new HttpAnswerParser();
            List<Integer> statuses = new ArrayList<>();
            int from = 0;
            while (from < stream.length) {
                int to = Math.min(stream.length, from + 1 + random.nextInt(trial % 2 == 0 ? 4 : 80));
                byte[] read = new byte[to - from];
                System.arraycopy(stream, from, read, 0, read.length);
                int at = 0;
                while (at < read.length) {
                    at = parser.feed(read, at, read.length);
                    if (parser.complete()) {
                        statuses.add(parser.status());
                        parser.reset();
                    }
                }
                from = to;
            }
            assertThat(statuses).as("trial %d", trial).containsExactly(200, 404, 413, 200);
        }
    }

    @Test
    void anAnswerIsNotCompleteBeforeItsLastBodyByte() {
        byte[] bytes = FIXED.getBytes(StandardCharsets.US_ASCII);
        HttpAnswerParser parser = new HttpAnswerParser();
        assertThat(parser.feed(bytes, 0, bytes.length - 1)).isEqualTo(bytes.length - 1);
        assertThat(parser.complete()).isFalse();
        assertThat(parser.feed(bytes, bytes.length - 1, bytes.length)).isEqualTo(bytes.length);
        assertThat(parser.complete()).isTrue();
        assertThat(parser.status()).isEqualTo(200);
    }
}
