/**
 * The launcher: the start-up checks that keep a production start safe ({@code LaunchChecks}),
 * the data directory's lock, {@code --help}, and zero-setup local running (the embedded
 * PostgreSQL and, in the dev profile only, dev-only keys and {@code POST /dev/token}).
 */
package dev.rolegate.platform.local;
