/**
 * The Java client of Rolegate: typed calls for checks, batch checks, "what may this user do"
 * and the SSO token exchange, over {@code java.net.http} with Jackson. Plain Java 11; depends on
 * {@code java.*} and Jackson databind only, never on the service's classes.
 *
 * <p>Start at {@link dev.rolegate.client.RolegateClient#builder()}.
 */
package dev.rolegate.client;
