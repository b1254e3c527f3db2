# Freshet: build, test, and the local servers of deploy/local.
# Every variable below can be set on the command line (make infra-up KAFKA_PORT=19092) or in the environment.

MVN                   ?= mvn
MVN_FLAGS             ?= -B -ntp -Dstyle.color=never
JAVA                  ?= java

# deploy/local: where data, logs and PID files live, and the ports of the three servers.
INFRA_DIR             ?= $(CURDIR)/.freshet
KAFKA_PORT            ?= 9092
KAFKA_CONTROLLER_PORT ?= 9093
S3_PORT               ?= 9000
PG_PORT               ?= 5432
export INFRA_DIR KAFKA_PORT KAFKA_CONTROLLER_PORT S3_PORT PG_PORT

LAUNCHER_DIR     := deploy/local
LAUNCHER_CP      := $(LAUNCHER_DIR)/target/launcher.classpath
LAUNCHER_SOURCES := pom.xml $(LAUNCHER_DIR)/pom.xml $(shell find $(LAUNCHER_DIR)/src/main -type f 2>/dev/null)
INFRA            := $(JAVA) -XX:TieredStopAtLevel=1 -cp "$$(cat $(LAUNCHER_CP)):$(LAUNCHER_DIR)/target/classes" \
                    dev.freshet.infra.cli.InfraCommand

# online-learning: the backtest CLI and the benchmarks.
ONLINE_DIR       := online-learning
ONLINE_CP        := $(ONLINE_DIR)/target/runtime.classpath
ONLINE_SOURCES   := pom.xml $(ONLINE_DIR)/pom.xml $(shell find $(ONLINE_DIR)/src/main data -type f 2>/dev/null)
CSV              ?=
LABEL            ?=
MODEL            ?= linear
ARGS             ?=
# feature-pipeline: make producers and make backfill against deploy/local.
PIPELINE_DIR     := feature-pipeline
PIPELINE_JAR     := $(PIPELINE_DIR)/target/quarkus-app/quarkus-run.jar
PIPELINE_SOURCES := $(PIPELINE_DIR)/pom.xml $(shell find $(PIPELINE_DIR)/src/main contract/src/main feature-store/src/main -type f 2>/dev/null)
SOURCE           ?= drone
RATE             ?=
CRYPTO_INPUT     ?= simulator
SYMBOLS          ?= BTC/USD,ETH/USD
TRADES           ?=
IGNORE           ?=
# SOURCE=images: an IDX pair (default: Debian's Fashion-MNIST if installed, else the bundled 2,000 images).
IMAGES           ?=
IMAGE_LABELS     ?=
SHOPS            ?= 50
SPEEDUP          ?= 3600
HOURS            ?= 0
DURATION         ?=
DAYS             ?= 7
LOAD_INFRA_ENV    = set -a; if [ -z "$$S3_ENDPOINT" ] && [ -f "$(INFRA_DIR)/infra.env" ]; then . "$(INFRA_DIR)/infra.env"; fi; set +a

# The packaged services log JSON (for a cluster's log collector); on this machine text unless JSON_LOGS=true.
JSON_LOGS        ?= false
SERVICE_LOGS      = -Dquarkus.log.console.json.enabled=$(JSON_LOGS)

# training-pipeline: make training against deploy/local.
TRAINING_DIR     := training-pipeline
TRAINING_JAR     := $(TRAINING_DIR)/target/quarkus-app/quarkus-run.jar
TRAINING_SOURCES := $(TRAINING_DIR)/pom.xml $(shell find $(TRAINING_DIR)/src/main contract/src/main feature-store/src/main model-registry/src/main online-learning/src/main -type f 2>/dev/null)
FEATURE_SET      ?= drone
# The parallel collector: the trainer is a batch-throughput service (docs/benchmark-history.md).
TRAINING_JVM_OPTIONS ?= -XX:+UseParallelGC

# inference-pipeline: make predict against deploy/local.
INFERENCE_DIR     := inference-pipeline
INFERENCE_JAR     := $(INFERENCE_DIR)/target/quarkus-app/quarkus-run.jar
INFERENCE_SOURCES := $(INFERENCE_DIR)/pom.xml $(shell find $(INFERENCE_DIR)/src/main contract/src/main model-registry/src/main online-learning/src/main -type f 2>/dev/null)
MODELS            ?= $(FEATURE_SET)-linear
INFERENCE_PORT    ?= 8080

# model-registry: the models CLI.
REGISTRY_DIR     := model-registry
REGISTRY_CP      := $(REGISTRY_DIR)/target/runtime.classpath
REGISTRY_SOURCES := $(REGISTRY_DIR)/pom.xml $(shell find $(REGISTRY_DIR)/src/main -type f 2>/dev/null)
# make demo and make down: the whole system on this machine (deploy/demo).
DEMO_DIR         := deploy/demo
DEMO_CP          := $(DEMO_DIR)/target/demo.classpath
DEMO_SOURCES     := $(DEMO_DIR)/pom.xml $(shell find $(DEMO_DIR)/src/main -type f 2>/dev/null)
DEMO             := $(JAVA) -cp "$$(cat $(DEMO_CP)):$(DEMO_DIR)/target/classes" dev.freshet.demo.cli.DemoCommand
DEMO_DURATION    ?= 180
DEMO_SHOPS       ?= 600
DEMO_SPEEDUP     ?= 1440
DRIFT_AFTER      ?= PT24H
HISTORY_DAYS     ?= 3
PUBLISH_INTERVAL ?= 5s
# Models the demo serves; empty: the source's feature set's linear and mlp (drone-*, fashion-*).
DEMO_MODELS      ?=
# More options of the demo CLI, e.g. DEMO_ARGS="--record run.jsonl --service-env FRESHET_TRAINING_DRIFT_REACTION=none".
DEMO_ARGS        ?=
PIPELINE_PORT    ?= 8081
TRAINING_PORT    ?= 8082

# make images: the services' container images, built by Jib and pushed to IMAGE_REGISTRY (no Docker daemon).
IMAGE_REGISTRY   ?=
IMAGE_GROUP      ?= freshet
IMAGE_TAG        ?=
IMAGE_INSECURE   ?= false

# JMH options for make bench, e.g. BENCH_ARGS="LearnerBenchmark -f 1" for a quick run.
BENCH_ARGS       ?=
# Every benchmark writes its figures here; BENCHMARKS.md is written from them.
BENCH_RESULTS    := -Dfreshet.bench.results=$(CURDIR)/bench/results
# make soak: how long, REST requests/s, Kafka feature vectors/s.
SOAK_DURATION    ?= 30m
SOAK_RATE        ?= 2000
SOAK_KAFKA_RATE  ?= 500

.DEFAULT_GOAL := help
.PHONY: help install build test infra-up infra-down infra-status clean backtest images-csv models bench soak reliability bench-report producers backfill training predict demo down images

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

install: ## Resolve and build everything once, no tests: every later target starts without a build
	$(MVN) $(MVN_FLAGS) package -DskipTests
	@touch $(LAUNCHER_CP) $(ONLINE_CP) $(REGISTRY_CP) $(PIPELINE_JAR) $(TRAINING_JAR) $(INFERENCE_JAR) $(DEMO_CP)
	@echo "Built. Next: make demo, or make producers / make training / make predict (README)."

build: ## Compile and package every module, no tests
	$(MVN) $(MVN_FLAGS) package -DskipTests

test: ## The whole test suite, with real Kafka, S3 and PostgreSQL servers
	$(MVN) $(MVN_FLAGS) verify

infra-up: $(LAUNCHER_CP) ## Start Kafka, S3 and PostgreSQL locally (no Docker); says so if already up
	@$(INFRA) up

infra-down: $(LAUNCHER_CP) ## Stop the local servers and free their ports; says so if nothing runs
	@$(INFRA) down

infra-status: $(LAUNCHER_CP) ## Show which local servers run
	@$(INFRA) status

backtest: $(ONLINE_CP) ## Replay a labelled CSV test-then-train: make backtest CSV=file LABEL=column [MODEL=mlp] [ARGS=...]
	@if [ -z "$(CSV)" ] || [ -z "$(LABEL)" ]; then \
	  echo "usage: make backtest CSV=path/to/file.csv LABEL=column [MODEL=linear|mlp] [ARGS=\"--ignore id ...\"]"; \
	  echo "e.g.   make backtest CSV=data/breast-cancer-wisconsin.csv LABEL=class ARGS=\"--ignore id\""; exit 2; fi
	@$(JAVA) -cp "$$(cat $(ONLINE_CP)):$(ONLINE_DIR)/target/classes" dev.freshet.learn.cli.BacktestCommand \
	  --csv "$(CSV)" --label "$(LABEL)" --model "$(MODEL)" $(ARGS)

images-csv: $(ONLINE_CP) ## Write Fashion-MNIST (or IMAGES/IMAGE_LABELS) as a CSV for make backtest: make images-csv OUT=fashion.csv
	@if [ -z "$(OUT)" ]; then echo "usage: make images-csv OUT=fashion.csv [IMAGES=file IMAGE_LABELS=file]"; exit 2; fi
	@$(JAVA) -cp "$$(cat $(ONLINE_CP)):$(ONLINE_DIR)/target/classes" dev.freshet.learn.cli.ImagesCsvCommand \
	  --out "$(OUT)" $(if $(IMAGES),--images "$(IMAGES)" --labels "$(IMAGE_LABELS)")

producers: infra-up $(PIPELINE_JAR) ## Run the feature pipeline: SOURCE=drone|crypto|csv|images [RATE=events/s] [DURATION=s]; see README
	@$(LOAD_INFRA_ENV); export FRESHET_PIPELINE_SOURCE_ENABLED=true FRESHET_PIPELINE_SOURCE_KIND=$(SOURCE) \
	  FRESHET_PIPELINE_SOURCE_DRONE_SHOPS=$(SHOPS) FRESHET_PIPELINE_SOURCE_DRONE_SPEEDUP=$(SPEEDUP) \
	  FRESHET_PIPELINE_SOURCE_DRONE_MAX_HOURS=$(HOURS) \
	  FRESHET_PIPELINE_SOURCE_CRYPTO_INPUT=$(CRYPTO_INPUT) FRESHET_PIPELINE_SOURCE_CRYPTO_SYMBOLS="$(SYMBOLS)" \
	  $(if $(RATE),FRESHET_PIPELINE_SOURCE_RATE=$(RATE)) \
	  $(if $(TRADES),FRESHET_PIPELINE_SOURCE_CRYPTO_FILE="$(abspath $(TRADES))") \
	  $(if $(CSV),FRESHET_PIPELINE_SOURCE_CSV_FILE="$(abspath $(CSV))") $(if $(LABEL),FRESHET_PIPELINE_SOURCE_CSV_LABEL="$(LABEL)") \
	  $(if $(IGNORE),FRESHET_PIPELINE_SOURCE_CSV_IGNORE="$(IGNORE)") \
	  $(if $(IMAGES),FRESHET_PIPELINE_SOURCE_IMAGES_IMAGES_FILE="$(abspath $(IMAGES))") \
	  $(if $(IMAGE_LABELS),FRESHET_PIPELINE_SOURCE_IMAGES_LABELS_FILE="$(abspath $(IMAGE_LABELS))"); \
	  $(if $(DURATION),timeout --foreground $(DURATION)) $(JAVA) $(SERVICE_LOGS) -jar $(PIPELINE_JAR) || [ $$? -eq 124 ]

training: infra-up $(TRAINING_JAR) ## Run the training pipeline on FEATURE_SET=drone (resumes from the registry or bootstraps from the store); DURATION=s
	@$(LOAD_INFRA_ENV); export FRESHET_TRAINING_FEATURE_SET=$(FEATURE_SET); \
	  $(if $(DURATION),timeout --foreground $(DURATION)) $(JAVA) $(TRAINING_JVM_OPTIONS) $(SERVICE_LOGS) -jar $(TRAINING_JAR) || [ $$? -eq 124 ]

predict: infra-up $(INFERENCE_JAR) ## Serve the champions of MODELS=drone-linear over REST and Kafka, dashboard on INFERENCE_PORT=8080; DURATION=s
	@$(LOAD_INFRA_ENV); export FRESHET_INFERENCE_MODELS="$(MODELS)" HTTP_PORT=$(INFERENCE_PORT); \
	  echo "Serving $(MODELS): dashboard http://localhost:$(INFERENCE_PORT)/, API http://localhost:$(INFERENCE_PORT)/q/swagger-ui"; \
	  $(if $(DURATION),timeout --foreground $(DURATION)) $(JAVA) $(SERVICE_LOGS) -jar $(INFERENCE_JAR) || [ $$? -eq 124 ]

demo: $(DEMO_CP) ## The whole system with a concept drift: servers, 3 services, progress, summary; SOURCE=drone|images, DEMO_DURATION=180 s (see README)
	@$(DEMO) run --source $(SOURCE) --duration $(or $(DURATION),$(DEMO_DURATION)) --shops $(DEMO_SHOPS) \
	  --speedup $(DEMO_SPEEDUP) --drift-after $(DRIFT_AFTER) --history-days $(HISTORY_DAYS) \
	  --publish-interval $(PUBLISH_INTERVAL) $(if $(DEMO_MODELS),--models $(DEMO_MODELS)) \
	  --pipeline-port $(PIPELINE_PORT) --training-port $(TRAINING_PORT) --inference-port $(INFERENCE_PORT) $(DEMO_ARGS)

down: ## Stop everything make demo started (services, then servers); harmless when nothing runs
	@if [ -f $(DEMO_CP) ]; then $(DEMO) down; else $(MAKE) --no-print-directory infra-down; fi

images: ## Build the services' images with Jib and push them: IMAGE_REGISTRY=host:port [IMAGE_GROUP=freshet IMAGE_TAG=]
	@if [ -z "$(IMAGE_REGISTRY)" ]; then echo "usage: make images IMAGE_REGISTRY=registry.example.com[:port] [IMAGE_GROUP=freshet] [IMAGE_TAG=...] [IMAGE_INSECURE=true]"; exit 2; fi
	$(MVN) $(MVN_FLAGS) package -DskipTests -pl $(PIPELINE_DIR),$(TRAINING_DIR),$(INFERENCE_DIR) -am \
	  -Dquarkus.container-image.build=true -Dquarkus.container-image.push=true \
	  -Dquarkus.container-image.registry=$(IMAGE_REGISTRY) -Dquarkus.container-image.group=$(IMAGE_GROUP) \
	  -Dquarkus.container-image.insecure=$(IMAGE_INSECURE) $(if $(IMAGE_TAG),-Dquarkus.container-image.tag=$(IMAGE_TAG))

backfill: infra-up $(PIPELINE_JAR) ## Write DAYS=7 simulated days of drone history straight into the feature store
	@$(LOAD_INFRA_ENV); $(JAVA) -cp "$(PIPELINE_DIR)/target/quarkus-app/lib/main/*:$(PIPELINE_DIR)/target/quarkus-app/app/*" \
	  dev.freshet.pipeline.source.drone.Backfill $(DAYS) $(SHOPS)

models: $(REGISTRY_CP) ## Model registry CLI: make models ARGS="list MODEL" (list, show, promote, rollback, retain, export; ARGS=--help)
	@$(LOAD_INFRA_ENV); \
	$(JAVA) -cp "$$(cat $(REGISTRY_CP)):$(REGISTRY_DIR)/target/classes:$(ONLINE_DIR)/target/classes" \
	  dev.freshet.registry.cli.ModelsCommand $(ARGS)

bench: ## Run every benchmark and write BENCHMARKS.md from their results (bench/results/*.json)
	$(MVN) $(MVN_FLAGS) -q -pl bench-report,$(LAUNCHER_DIR),$(ONLINE_DIR),$(REGISTRY_DIR),registry-quarkus,feature-store,$(PIPELINE_DIR),$(TRAINING_DIR),$(INFERENCE_DIR),$(DEMO_DIR) -am package -DskipTests
	cd $(LAUNCHER_DIR) && $(JAVA) $(BENCH_RESULTS) -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.infra.bench.InfraBenchmark
	cd $(ONLINE_DIR) && $(JAVA) -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  org.openjdk.jmh.Main -rf json -rff target/jmh-results.json $(BENCH_ARGS)
	cd $(ONLINE_DIR) && $(JAVA) $(BENCH_RESULTS) -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.learn.bench.JmhResults target/jmh-results.json
	cd $(ONLINE_DIR) && $(JAVA) $(BENCH_RESULTS) -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.learn.bench.QualitySweep
	cd $(ONLINE_DIR) && $(JAVA) $(BENCH_RESULTS) -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.learn.bench.ImageStreamBenchmark
	cd $(ONLINE_DIR) && $(JAVA) $(BENCH_RESULTS) -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.learn.bench.TribuoPartsBenchmark
	cd registry-quarkus && $(JAVA) $(BENCH_RESULTS) -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.registry.quarkus.bench.PublishLoadBenchmark
	cd feature-store && $(JAVA) $(BENCH_RESULTS) -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.featurestore.bench.StoreAppendBenchmark
	cd $(PIPELINE_DIR) && $(JAVA) $(BENCH_RESULTS) -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.pipeline.bench.ProducerBenchmark
	cd $(PIPELINE_DIR) && $(JAVA) $(BENCH_RESULTS) -Dfreshet.service.jar=target/quarkus-app/quarkus-run.jar \
	  -Dfreshet.service.logs=target/bench-logs -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.pipeline.bench.SinkBenchmark
	cd $(TRAINING_DIR) && $(JAVA) $(BENCH_RESULTS) -Dfreshet.service.jar=target/quarkus-app/quarkus-run.jar \
	  -Dfreshet.service.logs=target/bench-logs -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.training.bench.TrainingBenchmark
	cd $(TRAINING_DIR) && $(JAVA) $(BENCH_RESULTS) -Dfreshet.service.jar=target/quarkus-app/quarkus-run.jar \
	  -Dfreshet.service.logs=target/bench-logs -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.training.bench.ImageTrainingBenchmark
	cd $(INFERENCE_DIR) && $(JAVA) $(BENCH_RESULTS) -Dfreshet.service.jar=target/quarkus-app/quarkus-run.jar \
	  -Dfreshet.service.logs=target/bench-logs -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.inference.bench.InferenceBenchmark
	cd $(DEMO_DIR) && $(JAVA) $(BENCH_RESULTS) -Dfreshet.root=$(CURDIR) \
	  -cp "$$(cat target/test.classpath):target/classes:target/test-classes" dev.freshet.demo.bench.DriftBenchmark
	@$(MAKE) --no-print-directory reliability

soak: ## The soak run: inference under sustained REST and Kafka load (SOAK_DURATION=30m, SOAK_RATE, SOAK_KAFKA_RATE); adds it to BENCHMARKS.md
	$(MVN) $(MVN_FLAGS) -q -pl bench-report,$(INFERENCE_DIR) -am package -DskipTests
	cd $(INFERENCE_DIR) && $(JAVA) $(BENCH_RESULTS) -Dsoak.duration=$(SOAK_DURATION) -Dsoak.rate=$(SOAK_RATE) \
	  -Dsoak.kafka-rate=$(SOAK_KAFKA_RATE) -Dfreshet.service.jar=target/quarkus-app/quarkus-run.jar \
	  -Dfreshet.service.logs=target/bench-logs -cp "$$(cat target/test.classpath):target/classes:target/test-classes" \
	  dev.freshet.inference.bench.SoakBenchmark
	@$(MAKE) --no-print-directory bench-report

# The fuzz suites of make test, run again to write BENCHMARKS.md's reliability section.
# With them, PostgreSQL held down under the sink for SINK_OUTAGE (make test holds it a few seconds).
FUZZ_SUITES      := FeaturePipelineIT,TrainingPipelineIT,TrainingControlIT,InferencePipelineIT
SINK_OUTAGE      ?= PT3M

reliability: ## The fuzz suites of make test and a 3-minute PostgreSQL outage under the sink, added to BENCHMARKS.md
	$(MVN) $(MVN_FLAGS) -pl $(PIPELINE_DIR),$(TRAINING_DIR),$(INFERENCE_DIR) -am verify $(BENCH_RESULTS) \
	  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
	  -Dit.test=$(FUZZ_SUITES),SinkProcessIT#postgresDownForAWhilePausesTheSinkWhichThenStoresEverythingOnce \
	  -Dfreshet.sink.outage=$(SINK_OUTAGE)
	@$(MAKE) --no-print-directory bench-report

bench-report: ## Write BENCHMARKS.md from bench/results/*.json (make bench and make soak end with it)
	@$(JAVA) -cp "$$(cat $(INFERENCE_DIR)/target/test.classpath)" dev.freshet.bench.ReportWriter bench/results BENCHMARKS.md

clean: ## Remove build output (not the local servers' data: see INFRA_DIR)
	$(MVN) $(MVN_FLAGS) -q clean

# The backtest CLI is built on first use and again when its sources change.
$(ONLINE_CP): $(ONLINE_SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl $(ONLINE_DIR) -am compile
	@touch $@

$(TRAINING_JAR): $(TRAINING_SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl $(TRAINING_DIR) -am package -DskipTests
	@touch $@

$(INFERENCE_JAR): $(INFERENCE_SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl $(INFERENCE_DIR) -am package -DskipTests
	@touch $@

$(PIPELINE_JAR): $(PIPELINE_SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl $(PIPELINE_DIR) -am package -DskipTests
	@touch $@

$(REGISTRY_CP): $(REGISTRY_SOURCES) $(ONLINE_SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl $(REGISTRY_DIR) -am compile
	@touch $@

# The demo builds every service it runs, in one Maven run.
$(DEMO_CP): $(DEMO_SOURCES) $(LAUNCHER_SOURCES) $(PIPELINE_SOURCES) $(TRAINING_SOURCES) $(INFERENCE_SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl $(DEMO_DIR) -am package -DskipTests
	@touch $@ $(PIPELINE_JAR) $(TRAINING_JAR) $(INFERENCE_JAR) $(LAUNCHER_CP)

# The launcher is built on first use and again when its sources change.
$(LAUNCHER_CP): $(LAUNCHER_SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl $(LAUNCHER_DIR) -am package -DskipTests
	@touch $@
