package dev.freshet.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The chart under test and ways to render it: Helm runs in this JVM through helm-java (its Go library), with no
 * helm binary and no cluster. {@code helm template} through helm-java prints the release manifest only, without
 * hooks: {@link #renderWithHooks} renders a copy whose hook annotations are renamed, so that hook pods (the test pod,
 * the bucket Job) are rendered like any resource and can be checked too.
 */
final class Chart {

    static final Path DIR = Path.of(System.getProperty("freshet.chart.dir", "freshet")).toAbsolutePath().normalize();
    static final String RELEASE = "freshet";
    static final String NAMESPACE = "ml";
    static final YAMLMapper YAML = new YAMLMapper();
    /** Answers the chart's lookups; started before Helm runs. */
    static final FakeKubeApi KUBE = FakeKubeApi.start();

    /** The three services: component label, values key, container port. */
    static final List<String> SERVICES = List.of("feature-pipeline", "training-pipeline", "inference-pipeline");

    private static Path hooksVisible;

    private Chart() {
    }

    /** Values as --set pairs, in order. */
    static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }

    /** Merges value maps, later ones winning. */
    @SafeVarargs
    static Map<String, Object> merged(Map<String, Object>... maps) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map<String, Object> map : maps) {
            values.putAll(map);
        }
        return values;
    }

    /** The bundled servers off, external endpoints and credentials given in values. */
    static Map<String, Object> external() {
        return values(
                "kafka.enabled", false, "minio.enabled", false, "postgresql.enabled", false,
                "externalKafka.bootstrapServers", "kafka-0.kafka.streams.svc:9092",
                "externalS3.endpoint", "https://s3.eu-west-1.amazonaws.com",
                "externalS3.region", "eu-west-1",
                "externalS3.bucket", "acme-models",
                "externalS3.accessKey", "AKIAEXAMPLE",
                "externalS3.secretKey", "s3-external-secret",
                "externalDatabase.jdbcUrl", "jdbc:postgresql://pg.db.svc:5432/features",
                "externalDatabase.user", "feature_store",
                "externalDatabase.password", "db-external-password");
    }

    /** External endpoints with credentials in Secrets the user made. */
    static Map<String, Object> externalWithExistingSecrets() {
        return values(
                "kafka.enabled", false, "minio.enabled", false, "postgresql.enabled", false,
                "externalKafka.bootstrapServers", "kafka-0.kafka.streams.svc:9092,kafka-1.kafka.streams.svc:9092",
                "externalS3.endpoint", "http://minio.storage.svc:9000",
                "externalS3.existingSecret", "registry-credentials",
                "externalS3.existingSecretAccessKeyKey", "AWS_ACCESS_KEY_ID",
                "externalS3.existingSecretSecretKeyKey", "AWS_SECRET_ACCESS_KEY",
                "externalDatabase.jdbcUrl", "jdbc:postgresql://features-rw.db.svc:5432/app",
                "externalDatabase.existingSecret", "features-app",
                "externalDatabase.existingSecretPasswordKey", "password",
                "externalDatabase.existingSecretUserKey", "username");
    }

    /** Every optional part switched on. */
    static Map<String, Object> everything() {
        return values(
                "kafka.enabled", true, "minio.enabled", true, "postgresql.enabled", true,
                "featurePipeline.source.enabled", false, "featurePipeline.replicaCount", 3,
                "metrics.serviceMonitor.enabled", true, "grafana.dashboards.enabled", true,
                "global.imagePullSecrets[0].name", "registry-pull");
    }

    static Rendered render(Map<String, Object> values) {
        return new Rendered(template(DIR, values));
    }

    static Rendered renderWithHooks(Map<String, Object> values) {
        return new Rendered(template(hooksVisibleCopy(), values));
    }

    /**
     * The raw output of helm template; throws IllegalStateException with Helm's message when rendering fails. Values
     * go in as --set pairs, except fractional numbers (helm-java escapes their dot, which makes them strings) and
     * text of several lines (a PEM), which --set would not keep as is: those go in a values file.
     */
    static String template(Path chart, Map<String, Object> values) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        ObjectNode inFile = YAML.createObjectNode();
        values.forEach((key, value) -> {
            boolean multiline = value instanceof String text && text.contains("\n");
            if (value instanceof Double || value instanceof Float || multiline) {
                ObjectNode parent = inFile;
                String[] path = key.split("\\.");
                for (int i = 0; i < path.length - 1; i++) {
                    parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
                }
                if (multiline) {
                    parent.put(path[path.length - 1], (String) value);
                } else {
                    parent.put(path[path.length - 1], ((Number) value).doubleValue());
                }
            } else {
                template.set(key, value);
            }
        });
        if (!inFile.isEmpty()) {
            try {
                Path file = Files.createTempFile("freshet-values", ".yaml");
                file.toFile().deleteOnExit();
                YAML.writeValue(file.toFile(), inFile);
                template.withValuesFile(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return template.call();
    }

    /** The NOTES an install would print (a client-only dry run). */
    static String notes(Map<String, Object> values) {
        InstallCommand install = new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE).dryRun().clientOnly();
        values.forEach(install::set);
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    static LintResult lintStrict(Path chart) {
        return new Helm(chart).lint().strict().call();
    }

    /** A copy of the chart in a temporary folder, with its values.yaml changed by {@code edit}. */
    static Path copyWithValues(Path target, Consumer<ObjectNode> edit) {
        copy(DIR, target);
        Path valuesFile = target.resolve("values.yaml");
        try {
            ObjectNode values = (ObjectNode) YAML.readTree(valuesFile.toFile());
            edit.accept(values);
            YAML.writeValue(valuesFile.toFile(), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static synchronized Path hooksVisibleCopy() {
        if (hooksVisible == null) {
            try {
                Path target = Files.createTempDirectory("freshet-chart-hooks").resolve("freshet");
                copy(DIR, target);
                try (Stream<Path> files = Files.walk(target)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && f.toString().contains("templates"))
                            .toList()) {
                        String text = Files.readString(file);
                        Files.writeString(file, text.replace("helm.sh/hook", "test.freshet.dev/hook"));
                    }
                }
                hooksVisible = target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hooksVisible;
    }

    static void copy(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(String relative) {
        try {
            return Files.readString(DIR.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> parse(String manifests) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            for (JsonNode doc : YAML.readValues(YAML.getFactory().createParser(manifests), JsonNode.class).readAll()) {
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("the rendered chart is not valid YAML", e);
        }
    }

    /** What a render produced. */
    record Rendered(String text, List<JsonNode> docs) {

        Rendered(String text) {
            this(text, parse(text));
        }

        List<JsonNode> ofKind(String kind) {
            return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        }

        JsonNode one(String kind, String name) {
            List<JsonNode> found = docs.stream()
                    .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.at("/metadata/name").asText()))
                    .toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size() + " among "
                        + docs.stream().map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText()).toList());
            }
            return found.get(0);
        }

        boolean has(String kind, String name) {
            return docs.stream().anyMatch(d -> kind.equals(d.path("kind").asText())
                    && name.equals(d.at("/metadata/name").asText()));
        }

        /** The Deployment of a service, by component. */
        JsonNode deployment(String component) {
            return one("Deployment", RELEASE + "-" + component);
        }

        /** The ConfigMap data of a service, as a map. */
        Map<String, String> config(String component) {
            JsonNode data = one("ConfigMap", RELEASE + "-" + component).path("data");
            Map<String, String> config = new LinkedHashMap<>();
            data.properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
            return config;
        }

        /** The env entries of a service's container, by name. */
        Map<String, JsonNode> env(String component) {
            Map<String, JsonNode> env = new LinkedHashMap<>();
            deployment(component).at("/spec/template/spec/containers/0/env")
                    .forEach(e -> env.put(e.path("name").asText(), e));
            return env;
        }

        /** Every pod template of the render: kind/name to pod spec. */
        Map<String, JsonNode> podSpecs() {
            Map<String, JsonNode> pods = new LinkedHashMap<>();
            for (JsonNode doc : docs) {
                String kind = doc.path("kind").asText();
                JsonNode spec = switch (kind) {
                    case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> doc.at("/spec/template/spec");
                    case "CronJob" -> doc.at("/spec/jobTemplate/spec/template/spec");
                    case "Pod" -> doc.path("spec");
                    default -> null;
                };
                if (spec != null) {
                    pods.put(kind + "/" + doc.at("/metadata/name").asText(), spec);
                }
            }
            return pods;
        }
    }
}
