package dev.freshet.registry.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * {@link ObjectStore} over the MinIO Java client, which speaks the S3 API of MinIO, S3Proxy or AWS.
 * Conditional writes are plain HTTP preconditions; a 412 answer becomes {@link PreconditionFailedException}.
 */
public final class MinioObjectStore implements ObjectStore {

    private final MinioClient client;
    private final String bucket;
    private volatile boolean bucketChecked;

    public MinioObjectStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** A client for an endpoint and credentials; nothing is defaulted. */
    public static MinioObjectStore connect(String endpoint, String accessKey, String secretKey, String region,
                                           String bucket) {
        MinioClient.Builder builder = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey)
                .httpClient(httpClient().build());
        if (region != null && !region.isBlank()) {
            builder.region(region);
        }
        return new MinioObjectStore(builder.build(), bucket);
    }

    /** The HTTP client every registry client should use: its sockets set TCP_NODELAY ({@link NoDelaySocketFactory}). */
    public static OkHttpClient.Builder httpClient() {
        return new OkHttpClient.Builder()
                .socketFactory(new NoDelaySocketFactory())
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofMinutes(2))
                .writeTimeout(Duration.ofMinutes(2));
    }

    @Override
    public String location() {
        return "bucket " + bucket;
    }

    @Override
    public void ensureBucket() {
        if (bucketChecked) {
            return;
        }
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    // Another registry created it in between.
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                            && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                        throw e;
                    }
                }
            }
            return null;
        });
        bucketChecked = true;
    }

    @Override
    public String put(String key, byte[] bytes, String contentType) {
        return write(key, bytes, contentType, Map.of());
    }

    @Override
    public String putIfAbsent(String key, byte[] bytes, String contentType) {
        return write(key, bytes, contentType, Map.of("If-None-Match", "*"));
    }

    @Override
    public String putIfMatch(String key, byte[] bytes, String contentType, String etag) {
        return write(key, bytes, contentType, Map.of("If-Match", quoted(etag)));
    }

    private String write(String key, byte[] bytes, String contentType, Map<String, String> headers) {
        return call("write " + key, () -> {
            try {
                ObjectWriteResponse response = client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                        .contentType(contentType)
                        .headers(headers)
                        .build());
                return unquoted(response.etag());
            } catch (ErrorResponseException e) {
                if (e.response().code() == 412 || e.response().code() == 409 && !headers.isEmpty()) {
                    throw new PreconditionFailedException(key);
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<StoredObject> get(String key, long maxBytes) {
        return call("read " + key, () -> {
            try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                String length = response.headers().get("Content-Length");
                if (length != null && Long.parseLong(length) > maxBytes) {
                    throw new ObjectTooLargeException(key, Long.parseLong(length), maxBytes);
                }
                byte[] bytes = readAtMost(response, maxBytes, key);
                return Optional.of(new StoredObject(bytes, unquoted(response.headers().get("ETag"))));
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<Long> size(String key) {
        return call("stat " + key, () -> {
            try {
                return Optional.of(client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public List<String> list(String prefix) {
        return call("list " + prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
            return keys;
        });
    }

    @Override
    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    private static byte[] readAtMost(InputStream in, long maxBytes, String key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new ObjectTooLargeException(key, total, maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || e.response().code() == 404;
    }

    private static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    private static String unquoted(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (PreconditionFailedException | ObjectTooLargeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while trying to " + what, e);
        } catch (Exception e) {
            throw new StoreException("could not " + what + " in " + location() + ": " + e.getMessage(), e);
        }
    }
}
