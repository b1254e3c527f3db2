/**
 * Who may do what in the Freshet services. Two ways to authenticate, both on at once: an API key in the
 * {@code X-API-Key} header ({@link dev.freshet.security.ApiKeyAuthenticationMechanism}, keys per role from
 * {@link dev.freshet.security.SecurityConfig}) and a JWT bearer token verified by SmallRye JWT (its {@code groups}
 * claim gives the roles). The roles are in {@link dev.freshet.security.Roles}.
 */
package dev.freshet.security;
