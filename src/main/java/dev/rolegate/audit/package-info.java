/**
 * The audit log: an append-only, hash-chained record of every change to an account, written in
 * the transaction of the change ({@link dev.rolegate.audit.AuditLog}), paged and verified through
 * {@code /v1/accounts/{account}/audit}. Depends on {@code platform} and {@code token} only.
 */
package dev.rolegate.audit;
