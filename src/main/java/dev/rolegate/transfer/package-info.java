/**
 * Account export and import (issue 7 item 8): the whole of an account's catalog, directory and
 * assignments as one JSON document ({@code docs/export-import.md}), and its restore as a replace
 * in one transaction at one new revision. Depends on the engine (to compile what it imports),
 * {@code account} (revision, owner guard), {@code audit} and {@code token}; nothing depends on it.
 */
package dev.rolegate.transfer;
