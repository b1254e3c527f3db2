package dev.freshet.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The few Kubernetes API calls the chart's {@code lookup}s make, answered in-process.
 *
 * <p>helm-java's {@code template} runs Helm's install in dry-run mode "none", in which {@code lookup} really asks
 * the cluster of the kubeconfig (unlike {@code helm template}, where it returns nothing). So that the tests never
 * depend on, or touch, a real cluster, surefire points {@code KUBECONFIG} at a file this class writes, naming a server
 * that knows only Secrets: none exist unless a test {@linkplain #putSecret puts one}.
 */
final class FakeKubeApi {

    private static final Pattern SECRET = Pattern.compile("^/api/v1/namespaces/([^/]+)/secrets/([^/]+)$");
    private static final String RESOURCES = """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
            {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret",
             "verbs":["create","delete","get","list","patch","update","watch"]}]}""";

    private static FakeKubeApi instance;

    private final HttpServer server;
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    private FakeKubeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Starts the server once and writes the kubeconfig surefire names in KUBECONFIG. */
    static synchronized FakeKubeApi start() {
        if (instance == null) {
            String kubeconfig = System.getenv("KUBECONFIG");
            if (kubeconfig == null || kubeconfig.isBlank()) {
                throw new IllegalStateException("KUBECONFIG is not set: run the chart tests with Maven "
                        + "(mvn -pl deploy/helm verify), whose surefire points it at the fake API server of the tests");
            }
            try {
                instance = new FakeKubeApi();
                Path file = Path.of(kubeconfig);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, """
                        apiVersion: v1
                        kind: Config
                        clusters:
                          - name: fake
                            cluster:
                              server: http://127.0.0.1:%d
                        users:
                          - name: fake
                            user:
                              token: fake
                        contexts:
                          - name: fake
                            context:
                              cluster: fake
                              user: fake
                              namespace: %s
                        current-context: fake
                        """.formatted(instance.server.getAddress().getPort(), Chart.NAMESPACE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A Secret the next renders find with lookup. */
    void putSecret(String namespace, String name, Map<String, String> data) {
        secrets.put(namespace + "/" + name, data);
    }

    void clear() {
        secrets.clear();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Matcher secret = SECRET.matcher(path);
        if ("GET".equals(exchange.getRequestMethod()) && path.equals("/api/v1")) {
            send(exchange, 200, RESOURCES);
        } else if ("GET".equals(exchange.getRequestMethod()) && secret.matches()
                && secrets.containsKey(secret.group(1) + "/" + secret.group(2))) {
            String data = secrets.get(secret.group(1) + "/" + secret.group(2)).entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":\"" + Base64.getEncoder()
                            .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)) + "\"")
                    .collect(Collectors.joining(","));
            send(exchange, 200, """
                    {"kind":"Secret","apiVersion":"v1","metadata":{"name":"%s","namespace":"%s"},"type":"Opaque","data":{%s}}"""
                    .formatted(secret.group(2), secret.group(1), data));
        } else {
            send(exchange, 404, """
                    {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"%s not found",\
                    "reason":"NotFound","code":404}""".formatted(path));
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
