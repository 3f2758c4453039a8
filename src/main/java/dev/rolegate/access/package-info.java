/**
 * Roles, permissions, operations and assignments: the admin use cases that change them, each
 * bumping the account's revision in its transaction.
 */
package dev.rolegate.access;
