/**
 * Authorizing the API (DESIGN.md §5): the one filter that checks every {@code /v1} request
 * against its endpoint's declaration ({@link dev.rolegate.admin.OperationFilter}) and the guard
 * that decides, for admin operations by Rolegate's own engine on the account's snapshot
 * ({@link dev.rolegate.admin.AdminGuard}). Depends on {@code token} (the caller, the
 * declarations), {@code check} (the snapshot cache), {@code engine} and {@code platform}; the
 * features' resources depend on it, never {@code token} or {@code check}.
 */
package dev.rolegate.admin;
