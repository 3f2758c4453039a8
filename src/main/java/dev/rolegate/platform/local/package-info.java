/**
 * Zero-setup local running: the launcher that starts an embedded PostgreSQL when no datasource
 * is configured and, in the dev profile only, a dev-only JWT key pair.
 */
package dev.rolegate.platform.local;
