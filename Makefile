# Freshet: build, test, and the local servers of deploy/local.
# Every variable below can be set on the command line (make infra-up KAFKA_PORT=19092) or in the environment.

MVN                   ?= mvn
MVN_FLAGS             ?= -B -ntp
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

.DEFAULT_GOAL := help
.PHONY: help build test infra-up infra-down infra-status clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

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

clean: ## Remove build output (not the local servers' data: see INFRA_DIR)
	$(MVN) $(MVN_FLAGS) -q clean

# The launcher is built on first use and again when its sources change.
$(LAUNCHER_CP): $(LAUNCHER_SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl $(LAUNCHER_DIR) -am package -DskipTests
	@touch $@
