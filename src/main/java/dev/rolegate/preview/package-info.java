/**
 * The impact preview (issue 13 item 6): a list of admin API writes run through the real services
 * in one unit of work that never commits ({@link dev.rolegate.change.UnitOfWork#dryRun}), and who
 * would gain and lose what. Uses {@code access} and {@code directory} through their services; no
 * feature depends on it.
 */
package dev.rolegate.preview;
