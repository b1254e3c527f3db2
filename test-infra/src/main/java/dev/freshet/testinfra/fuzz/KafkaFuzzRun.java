package dev.freshet.testinfra.fuzz;

import dev.freshet.bench.BenchRecorder;
import dev.freshet.bench.Figure;
import dev.freshet.bench.Stats;
import dev.freshet.bench.Target;
import dev.freshet.testinfra.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fuzzed records sent to a topic, where each landed, and the checks of what the consumer did with them: every bad
 * record dead-lettered once with a reason (matched by the dead letter's original partition and offset), nothing
 * else dead-lettered. What the consumer did with the valid ones its suite checks (stored, learned, answered).
 * With {@value BenchRecorder#RESULTS_DIR} set ({@code make reliability}), the outcomes go to BENCHMARKS.md.
 */
public final class KafkaFuzzRun {

    /** Dead-letter headers (as {@code dev.freshet.contract.DeadLetters} writes them; test-infra sits below it). */
    private static final String REASON = "dead-letter-reason";
    private static final String TOPIC = "dead-letter-topic";
    private static final String PARTITION = "dead-letter-partition";
    private static final String OFFSET = "dead-letter-offset";

    private final String topic;
    private final String key;
    private final List<FuzzedRecord> records;
    private final Map<String, FuzzedRecord> byPosition = new HashMap<>();
    private final Map<FuzzKind, long[]> outcomes = new EnumMap<>(FuzzKind.class); // sent, dead-lettered
    private final long started = System.nanoTime();
    private final java.time.Instant startedAt = java.time.Instant.now();
    private long notDeadLettered = -1;

    private KafkaFuzzRun(String topic, String key, List<FuzzedRecord> records) {
        this.topic = topic;
        this.key = key;
        this.records = records;
    }

    /** Sends {@code records} to {@code topic}, all under {@code key}, and waits for the broker's acknowledgements. */
    public static KafkaFuzzRun send(String bootstrap, String topic, String key, List<FuzzedRecord> records)
            throws Exception {
        KafkaFuzzRun run = new KafkaFuzzRun(topic, key, records);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (FuzzedRecord record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, key, record.value())));
            }
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata at = sent.get(i).get();
                run.byPosition.put(at.partition() + "@" + at.offset(), records.get(i));
                run.outcomes.computeIfAbsent(records.get(i).kind(), k -> new long[2])[0]++;
            }
        }
        return run;
    }

    public List<FuzzedRecord> records() {
        return records;
    }

    public List<FuzzedRecord> valid() {
        return records.stream().filter(FuzzedRecord::valid).toList();
    }

    public long badCount() {
        return records.stream().filter(r -> !r.valid()).count();
    }

    /**
     * Reads {@code deadLetterTopic} until every bad record's letter is there (or {@code timeout}), then fails
     * unless each bad record has exactly one letter with a reason and no valid record has one.
     */
    public void assertDeadLettered(String bootstrap, String deadLetterTopic, Duration timeout) {
        long expected = badCount();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> ours = List.of();
        while (System.nanoTime() < deadline) {
            ours = TopicRecords.readAll(bootstrap, deadLetterTopic).stream()
                    .filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))
                            && topic.equals(header(r, TOPIC)))
                    .toList();
            if (ours.size() >= expected) {
                break;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for dead letters", e);
            }
        }
        Map<String, Integer> letters = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> letter : ours) {
            String position = header(letter, PARTITION) + "@" + header(letter, OFFSET);
            FuzzedRecord record = byPosition.get(position);
            String reason = header(letter, REASON);
            if (record == null) {
                problems.add("a dead letter for " + position + ", which this run did not send");
            } else if (record.valid()) {
                problems.add("valid record " + record.index() + " (" + record.kind() + ") dead-lettered: " + reason);
            } else if (reason == null || reason.isBlank()) {
                problems.add("record " + record.index() + " (" + record.kind() + ") dead-lettered without a reason");
            }
            if (letters.merge(position, 1, Integer::sum) == 2) {
                problems.add("record at " + position + " dead-lettered more than once");
            }
        }
        long[] missing = {0};
        byPosition.forEach((position, record) -> {
            if (!record.valid() && !letters.containsKey(position)) {
                missing[0]++;
                problems.add("bad record " + record.index() + " (" + record.kind() + ", "
                        + preview(record.value()) + ") not dead-lettered");
            }
            if (!record.valid() && letters.containsKey(position)) {
                outcomes.get(record.kind())[1]++;
            }
        });
        notDeadLettered = missing[0];
        if (!problems.isEmpty()) {
            Map<FuzzKind, Long> missed = new EnumMap<>(FuzzKind.class);
            byPosition.forEach((position, record) -> {
                if (!record.valid() && !letters.containsKey(position)) {
                    missed.merge(record.kind(), 1L, Long::sum);
                }
            });
            throw new AssertionError(problems.size() + " problems in the fuzz run on " + topic + " (not dead-lettered, "
                    + "by kind: " + missed + "):\n"
                    + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
        }
    }

    /**
     * Writes the run's outcomes as a result for BENCHMARKS.md when {@value BenchRecorder#RESULTS_DIR} is set.
     *
     * @param name      the result's file name
     * @param consumer  which service read the topic, in a few words
     * @param checked   how the suite checked what became of the valid records
     * @param processed valid records the suite found processed exactly once
     */
    public void report(String name, String consumer, String checked, long processed) {
        report(name, consumer, checked, processed, valid().size());
    }

    /** As {@link #report(String, String, String, long)}, when fewer than all valid records have an effect. */
    public void report(String name, String consumer, String checked, long processed, long expected) {
        String summary = String.format("%s: %d records to %s, %d valid, %d bad", name, records.size(), topic,
                valid().size(), badCount());
        System.out.println(summary);
        if (System.getProperty(BenchRecorder.RESULTS_DIR) == null) {
            return;
        }
        BenchRecorder recorder = BenchRecorder.named(name, "Reliability: Kafka fuzz, " + consumer, 21)
                .command("make reliability").startedAt(startedAt)
                .setup("Records generated by `RecordFuzzer` (seeded) on `" + topic + "`, valid ones interleaved with "
                        + "every kind of bad one, sent while the service runs on the real servers. Checked: every bad "
                        + "record dead-lettered exactly once with a reason, matched by its original partition and "
                        + "offset; no valid record dead-lettered; " + checked + "; the service healthy afterwards.");
        recorder.figure(Figure.of(consumer + ": records tried", "records", Stats.single(records.size())));
        recorder.figure(Figure.of(consumer + ": valid records processed once", "records", Stats.single(processed))
                .target(Target.atLeast(expected, "all valid, issue 21")));
        if (notDeadLettered >= 0) { // the run's own dead-letter topic was checked
            recorder.figure(Figure.of(consumer + ": bad records not dead-lettered", "records",
                    Stats.single(notDeadLettered))
                    .target(Target.atMost(0, "issue 21")));
        }
        outcomes.forEach((kind, counts) -> recorder.note(kind + ": " + counts[0] + " sent, " + (records.stream()
                .anyMatch(r -> r.kind() == kind && r.valid()) ? "processed"
                : notDeadLettered >= 0 ? counts[1] + " dead-lettered" : "refused")));
        recorder.note(String.format("%.1f s from the first send to the last check", (System.nanoTime() - started) / 1e9));
        recorder.write();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String preview(byte[] value) {
        if (value == null) {
            return "no value";
        }
        String text = new String(value, StandardCharsets.UTF_8);
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
