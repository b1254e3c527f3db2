package dev.freshet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.helm.Chart.Rendered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard queries only metrics the services export, and the chart ships it when asked. */
class GrafanaDashboardTest {

    static final String FILE = "files/grafana-dashboards/freshet.json";

    /**
     * Prometheus names of the services' metrics, from README.md (and ExampleSink for
     * freshet_sink_examples_stored_total): counters end in _total, timers and distribution summaries have _count,
     * _sum and _max (and _bucket with histograms), JVM and HTTP server metrics come from Micrometer's binders.
     */
    static final Set<String> METRICS = Set.of(
            "freshet_training_examples_learned_total", "freshet_training_rolling_accuracy",
            "freshet_training_champion_rolling_accuracy", "freshet_training_version", "freshet_training_lag",
            "freshet_training_poison_total",
            "freshet_training_batch_size_count", "freshet_training_batch_size_sum", "freshet_training_batch_size_max",
            "freshet_training_publish_delay_seconds", "freshet_training_publish_delay_seconds_count",
            "freshet_training_publish_delay_seconds_sum", "freshet_training_publish_delay_seconds_max",
            "freshet_inference_predictions_total", "freshet_inference_model_version", "freshet_inference_model_loads_total",
            "freshet_inference_model_load_failures_total", "freshet_inference_live_accuracy",
            "freshet_inference_live_coverage", "freshet_inference_live_joined_total", "freshet_inference_live_unmatched_total",
            "freshet_inference_live_unlabelled_total", "freshet_inference_live_pending", "freshet_inference_dead_letters_total",
            "freshet_source_features_sent_total", "freshet_source_examples_sent_total", "freshet_source_counter",
            "freshet_sink_examples_dead_lettered_total", "freshet_sink_examples_stored_total",
            "http_server_requests_seconds_count", "http_server_requests_seconds_sum", "http_server_requests_seconds_max",
            "http_server_requests_seconds_bucket",
            "jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_max",
            "jvm_threads_live_threads", "process_cpu_usage");

    /** PromQL words that are not metric names. */
    static final Set<String> PROMQL = Set.of("sum", "avg", "min", "max", "count", "rate", "irate", "increase", "delta",
            "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
            "clamp_min", "clamp_max", "topk", "bottomk", "abs", "vector", "scalar", "time", "bool", "offset",
            "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "changes", "deriv", "label_replace");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    @Test
    void everyQueryUsesOnlyMetricsTheServicesExport() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Chart.read(FILE));
        List<String> expressions = expressions(dashboard);

        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(expressions).hasSizeGreaterThan(20);
        Set<String> used = new TreeSet<>();
        for (String expr : expressions) {
            Set<String> names = metricNames(expr);
            assertThat(names).as("metrics of %s", expr).isNotEmpty();
            assertThat(METRICS).as("metrics of %s", expr).containsAll(names);
            used.addAll(names);
        }
        assertThat(used).contains("freshet_training_examples_learned_total", "freshet_training_rolling_accuracy",
                "freshet_training_champion_rolling_accuracy", "freshet_training_lag", "freshet_inference_model_version",
                "freshet_inference_predictions_total", "freshet_inference_live_accuracy", "freshet_inference_live_coverage",
                "freshet_inference_model_load_failures_total", "freshet_inference_dead_letters_total",
                "freshet_sink_examples_dead_lettered_total", "http_server_requests_seconds_bucket", "jvm_memory_used_bytes");
    }

    /** The check above could fail: a misspelt metric is found. */
    @Test
    void aMisspeltMetricIsFound() {
        assertThat(metricNames("sum by (model) (rate(freshet_training_examples_lerned_total{namespace=~\"$namespace\", "
                + "area=\"heap\"}[$__rate_interval])) / on(model) freshet_training_lag"))
                .containsExactlyInAnyOrder("freshet_training_examples_lerned_total", "freshet_training_lag");
        assertThat(METRICS).doesNotContain("freshet_training_examples_lerned_total");
    }

    @Test
    void theDashboardHasThePanelsOfTheSystem() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Chart.read(FILE));
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));

        assertThat(titles).contains("Examples learned / s", "Rolling accuracy: candidate vs champion", "Training lag",
                "Model version served", "Predictions / s by path", "Abstention and coverage",
                "Live accuracy per model version", "Model loads and load failures", "Dead letters / s", "REST latency p99",
                "JVM heap");
        dashboard.path("panels").forEach(panel -> {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            }
        });
    }

    @Test
    void theChartShipsTheDashboardForTheGrafanaSidecarWhenEnabled() throws Exception {
        Rendered off = Chart.render(Map.of());
        Rendered on = Chart.render(Chart.values("grafana.dashboards.enabled", true,
                "grafana.dashboards.namespace", "monitoring", "grafana.dashboards.annotations.grafana_folder", "Freshet"));

        assertThat(off.has("ConfigMap", "freshet-grafana-dashboards")).isFalse();
        JsonNode configMap = on.one("ConfigMap", "freshet-grafana-dashboards");
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(configMap.at("/metadata/namespace").asText()).isEqualTo("monitoring");
        assertThat(configMap.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("Freshet");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(configMap.at("/data/freshet.json").asText())).isEqualTo(json.readTree(Chart.read(FILE)));
    }

    @Test
    void anOptionalServiceMonitorScrapesTheThreeServices() {
        Rendered off = Chart.render(Map.of());
        Rendered on = Chart.render(Chart.values("metrics.serviceMonitor.enabled", true,
                "metrics.serviceMonitor.labels.release", "kube-prometheus-stack"));

        assertThat(off.ofKind("ServiceMonitor")).isEmpty();
        JsonNode monitor = on.ofKind("ServiceMonitor").get(0);
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        JsonNode matchLabels = monitor.at("/spec/selector/matchLabels");
        List<String> components = new ArrayList<>();
        monitor.at("/spec/selector/matchExpressions/0/values").forEach(v -> components.add(v.asText()));
        // It selects the services' Services and nothing else of the release.
        for (JsonNode service : on.ofKind("Service")) {
            JsonNode labels = service.at("/metadata/labels");
            boolean selected = matchLabels.properties().stream()
                    .allMatch(e -> e.getValue().asText().equals(labels.path(e.getKey()).asText()))
                    && components.contains(labels.path("app.kubernetes.io/component").asText());
            assertThat(selected).as(service.at("/metadata/name").asText())
                    .isEqualTo(Chart.SERVICES.stream().anyMatch(c -> service.at("/metadata/name").asText().equals("freshet-" + c)));
        }
    }

    static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
            for (JsonNode nested : panel.path("panels")) {
                nested.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
            }
        }
        return expressions;
    }

    /** The identifiers of a PromQL expression that are neither functions, keywords, labels nor numbers. */
    static Set<String> metricNames(String expr) {
        String stripped = STRING.matcher(expr).replaceAll(" ");
        stripped = MATCHERS.matcher(stripped).replaceAll(" ");
        stripped = RANGE.matcher(stripped).replaceAll(" ");
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            String word = matcher.group();
            if (!PROMQL.contains(word) && !(matcher.start() > 0 && stripped.charAt(matcher.start() - 1) == '$')) {
                names.add(word);
            }
        }
        return names;
    }
}
