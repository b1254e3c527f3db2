package dev.freshet.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.freshet.infra.InfraEndpoints;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Checks that each server is the real thing, shared by the smoke tests of every provider. */
final class SmokeChecks {

    private SmokeChecks() {}

    /**
     * Produces a record with acks=all, idempotence and lz4 compression (the broker must be able to read
     * compressed batches), then consumes it back from the beginning.
     */
    static void kafkaRoundTrip(InfraEndpoints endpoints) throws Exception {
        String topic = "smoke-" + UUID.randomUUID();
        String value = "hello " + UUID.randomUUID();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        RecordMetadata written;
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            written = producer.send(new ProducerRecord<>(topic, "key-1", value)).get();
        }
        assertThat(written.offset()).isZero();

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "smoke-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("key-1");
            assertThat(r.value()).isEqualTo(value);
            assertThat(r.partition()).isEqualTo(written.partition());
        });
    }

    /** Creates an object only if absent; creating it again must get 412 Precondition Failed. */
    static void s3ConditionalCreate(InfraEndpoints endpoints) throws Exception {
        MinioClient client = MinioClient.builder()
                .endpoint(endpoints.s3Endpoint().toString())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey())
                .region(endpoints.s3Region())
                .build();
        String bucket = "smoke-" + UUID.randomUUID().toString().substring(0, 8);
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        String key = "models/smoke/versions/1/manifest.json";
        put(client, bucket, key, "{\"version\":1}");
        ErrorResponseException second = catchThrowableOfType(ErrorResponseException.class,
                () -> put(client, bucket, key, "{\"version\":1,\"other\":true}"));
        assertThat(second).as("second create of the same key").isNotNull();
        assertThat(second.response().code()).isEqualTo(412);
        try (var in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"version\":1}");
        }
    }

    private static void put(MinioClient client, String bucket, String key, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .headers(Map.of("If-None-Match", "*"))
                .build());
    }

    /** Creates a table, writes a row in a transaction and reads it back. */
    static void postgresRoundTrip(InfraEndpoints endpoints) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", endpoints.dbUser());
        props.setProperty("password", endpoints.dbPassword());
        String table = "smoke_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl(), props)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, features double precision[])");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                insert.setLong(1, 7);
                insert.setArray(2, c.createArrayOf("float8", new Double[] {1.5, -2.0}));
                insert.executeUpdate();
            }
            c.commit();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, features, version() FROM " + table)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(7);
                assertThat((Double[]) rs.getArray(2).getArray()).containsExactly(1.5, -2.0);
                assertThat(rs.getString(3)).startsWith("PostgreSQL ");
                assertThat(rs.next()).isFalse();
            }
        }
    }
}
