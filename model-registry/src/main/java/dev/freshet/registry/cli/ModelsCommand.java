package dev.freshet.registry.cli;

import dev.freshet.registry.AliasConflictException;
import dev.freshet.registry.AliasNotFoundException;
import dev.freshet.registry.AliasRef;
import dev.freshet.registry.Manifest;
import dev.freshet.registry.ModelRegistry;
import dev.freshet.registry.RegistryException;
import dev.freshet.registry.RegistryJson;
import dev.freshet.registry.RegistrySettings;
import dev.freshet.registry.RetentionReport;
import dev.freshet.registry.VersionNotFoundException;
import dev.freshet.registry.store.MinioObjectStore;
import dev.freshet.learn.export.OnnxExport;
import dev.freshet.learn.export.TribuoLinearExport;
import dev.freshet.learn.model.OnlineNetworkModel;
import dev.freshet.registry.LoadedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.tribuo.classification.Label;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code freshet-models}: list, show, promote, roll back, prune and export model versions in the registry.
 * The connection comes from the environment ({@code S3_ENDPOINT}, {@code S3_ACCESS_KEY},
 * {@code S3_SECRET_KEY}, {@code S3_REGION}, {@code REGISTRY_BUCKET}); nothing is defaulted but the region
 * and bucket name.
 */
@Command(name = "freshet-models", mixinStandardHelpOptions = true,
        description = "Inspect and manage model versions and aliases in the registry.",
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Show.class, ModelsCommand.Promote.class,
            ModelsCommand.Rollback.class, ModelsCommand.Retain.class, ModelsCommand.Export.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the registry could not be reached or refused", "2:invalid command line",
            "3:no such model version or alias", "4:the alias was moved by someone else meanwhile"})
public final class ModelsCommand {

    public static final int EXIT_NOT_FOUND = 3;
    public static final int EXIT_CONFLICT = 4;

    /** Connection options, each defaulting to its environment variable. */
    static final class Connection {
        @Option(names = "--endpoint", defaultValue = "${env:S3_ENDPOINT}", description = "S3 endpoint URL (env S3_ENDPOINT).")
        String endpoint;

        @Option(names = "--access-key", defaultValue = "${env:S3_ACCESS_KEY}", description = "Access key (env S3_ACCESS_KEY).")
        String accessKey;

        @Option(names = "--secret-key", defaultValue = "${env:S3_SECRET_KEY}", description = "Secret key (env S3_SECRET_KEY).")
        String secretKey;

        @Option(names = "--region", defaultValue = "${env:S3_REGION:-us-east-1}", description = "Region (env S3_REGION).")
        String region;

        @Option(names = "--bucket", defaultValue = "${env:REGISTRY_BUCKET:-freshet-models}",
                description = "Registry bucket (env REGISTRY_BUCKET, default ${DEFAULT-VALUE}).")
        String bucket;

        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        ModelRegistry registry() {
            if (blank(endpoint) || blank(accessKey) || blank(secretKey)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no registry connection: set S3_ENDPOINT, "
                        + "S3_ACCESS_KEY and S3_SECRET_KEY (make infra-up writes the local ones to .freshet/infra.env)");
            }
            return new ModelRegistry(MinioObjectStore.connect(endpoint, accessKey, secretKey, region, bucket),
                    RegistrySettings.defaults());
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }
    }

    @Command(name = "list", description = "Without MODEL: the models. With MODEL: its versions with key metrics and aliases.")
    static final class ListVersions implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(arity = "0..1", paramLabel = "MODEL") String model;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelRegistry registry = connection.registry();
            if (model == null) {
                List<String> models = registry.models();
                out.println(models.isEmpty() ? "No models yet." : String.join("\n", models));
                return 0;
            }
            List<Manifest> versions = registry.versions(model);
            if (versions.isEmpty()) {
                out.println("Model '" + model + "' has no published version.");
                return EXIT_NOT_FOUND;
            }
            Map<Long, List<String>> aliases = registry.aliases(model).stream().collect(Collectors.groupingBy(
                    AliasRef::version, Collectors.mapping(a -> a.record().alias(), Collectors.toList())));
            long latest = versions.get(versions.size() - 1).version();
            out.printf(Locale.ROOT, "%7s  %-20s  %-9s  %12s  %8s  %8s  %6s  %s%n", "version", "created", "algorithm",
                    "examples", "accuracy", "log loss", "parent", "aliases");
            for (Manifest m : versions) {
                List<String> names = new ArrayList<>(aliases.getOrDefault(m.version(), List.of()));
                if (m.version() == latest) {
                    names.add(ModelRegistry.LATEST);
                }
                out.printf(Locale.ROOT, "%7d  %-20s  %-9s  %,12d  %8s  %8s  %6s  %s%n", m.version(),
                        m.createdAt().toString().substring(0, 19), m.algorithm(), m.examplesSeen(),
                        format(metric(m, "accuracy")), format(metric(m, "logLoss")),
                        m.parentVersion() == null ? "-" : m.parentVersion(), String.join(",", names));
            }
            return 0;
        }

        private static Double metric(Manifest m, String name) {
            Double rolling = m.metric("rolling." + name);
            return rolling != null ? rolling : m.metric(name);
        }

        private static String format(Double value) {
            return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
        }
    }

    @Command(name = "show", description = "Print the manifest of a version or alias (latest, champion, ...).")
    static final class Show implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "VERSION|ALIAS") String which;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            ModelRegistry registry = connection.registry();
            Manifest manifest = which.chars().allMatch(Character::isDigit)
                    ? registry.manifest(model, Long.parseLong(which))
                            .orElseThrow(() -> new VersionNotFoundException(model, Long.parseLong(which)))
                    : registry.resolve(model, which);
            spec.commandLine().getOut().println(new String(RegistryJson.write(manifest), StandardCharsets.UTF_8));
            return 0;
        }
    }

    @Command(name = "promote", description = "Point an alias (default champion) at a version.")
    static final class Promote implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "VERSION") long version;
        @Option(names = "--alias", defaultValue = ModelRegistry.CHAMPION, description = "Alias (default ${DEFAULT-VALUE}).")
        String alias;
        @Option(names = "--reason", defaultValue = "promoted by hand", description = "Recorded with the alias.")
        String reason;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            AliasRef moved = connection.registry().promote(model, alias, version, reason);
            spec.commandLine().getOut().printf("%s of %s now points at version %d%s%n", alias, model, moved.version(),
                    moved.record().history().isEmpty() ? "" : " (was " + moved.record().history().get(0) + ")");
            return 0;
        }
    }

    @Command(name = "rollback", description = "Move an alias (default champion) back to its previous version.")
    static final class Rollback implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Option(names = "--alias", defaultValue = ModelRegistry.CHAMPION, description = "Alias (default ${DEFAULT-VALUE}).")
        String alias;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            AliasRef moved = connection.registry().rollback(model, alias);
            spec.commandLine().getOut().printf("%s of %s rolled back to version %d%n", alias, model, moved.version());
            return 0;
        }
    }

    @Command(name = "retain", description = "Keep the newest N versions and every aliased one; delete the rest.")
    static final class Retain implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Option(names = "--keep", required = true, description = "Newest versions to keep (at least 1).") int keep;
        @Option(names = "--dry-run", description = "Report what would be deleted; delete nothing.") boolean dryRun;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            RetentionReport report = connection.registry().applyRetention(model, keep, dryRun);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s versions %s; kept %s%n", dryRun ? "Would delete" : "Deleted", report.deleted(), report.kept());
            if (!report.abandonedRemoved().isEmpty()) {
                out.printf("%s abandoned (never published) numbers %s%n", dryRun ? "Would remove" : "Removed",
                        report.abandonedRemoved());
            }
            return 0;
        }
    }

    /** The formats {@code export} writes. */
    enum ExportFormat { onnx, tribuo }

    @Command(name = "export", description = {
        "Write a version (or alias) in a format that needs no Freshet class to score.",
        "onnx: either kind of model; raw features in (the feature set's order, NaN for absent), probabilities out,"
            + " encodings and scaling inside the graph.",
        "tribuo: a linear model as Tribuo's LinearSGDModel inside its TransformedModel (the scaling); features are"
            + " the model's encoded inputs."})
    static final class Export implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(index = "0", paramLabel = "MODEL") String model;
        @Parameters(index = "1", paramLabel = "VERSION|ALIAS") String which;
        @Parameters(index = "2", paramLabel = "OUT", description = "File to write.") Path out;
        @Option(names = "--format", required = true, description = "onnx or tribuo.") ExportFormat format;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ModelRegistry registry = connection.registry();
            long version = which.chars().allMatch(Character::isDigit) ? Long.parseLong(which)
                    : registry.resolve(model, which).version();
            LoadedModel<Label> loaded = registry.load(model, version, Label.class);
            if (!(loaded.model() instanceof OnlineNetworkModel network)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "version " + version + " of '" + model
                        + "' is a " + loaded.model().getClass().getName() + ", not a model Freshet trained");
            }
            PrintWriter console = spec.commandLine().getOut();
            byte[] bytes;
            if (format == ExportFormat.onnx) {
                List<String> inputs = inputColumns(loaded.manifest(), network);
                bytes = OnnxExport.export(network, network.weights(), inputs, "dev.freshet." + model, version)
                        .toByteArray();
                console.printf("input '%s' [n, %d]: %s%noutput '%s' [n, %d]: %s%n", OnnxExport.INPUT, inputs.size(),
                        String.join(", ", inputs), OnnxExport.OUTPUT, network.weights().labelNames().size(),
                        String.join(", ", network.weights().labelNames()));
            } else {
                try {
                    bytes = TribuoLinearExport.export(network, network.weights()).serialize().toByteArray();
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
                }
                console.printf("features: %s%nlabels: %s%n", String.join(", ", network.weights().featureNames()),
                        String.join(", ", network.weights().labelNames()));
            }
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(out, bytes);
            console.printf("Wrote version %d of %s (%s) as %s to %s (%,d bytes)%n", version, model, network.algorithm(),
                    format, out, bytes.length);
            return 0;
        }

        /** The feature set's order when it holds every feature the model needs, else the model's own. */
        private static List<String> inputColumns(Manifest manifest, OnlineNetworkModel network) {
            List<String> needed = OnnxExport.inputs(network.weights());
            List<String> declared = manifest.featureSchema() == null ? List.of() : manifest.featureSchema().features();
            return declared.containsAll(needed) ? declared : needed;
        }
    }

    /** The command line, with registry errors turned into a clear message and an exit code. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ModelsCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            if (e instanceof VersionNotFoundException || e instanceof AliasNotFoundException) {
                return EXIT_NOT_FOUND;
            }
            if (e instanceof AliasConflictException) {
                return EXIT_CONFLICT;
            }
            if (e instanceof RegistryException || e instanceof RuntimeException) {
                return 1;
            }
            throw e;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
