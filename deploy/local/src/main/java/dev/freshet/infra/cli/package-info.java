/** The {@code freshet-infra} command behind `make infra-up`, `make infra-down` and `make infra-status`. */
package dev.freshet.infra.cli;
