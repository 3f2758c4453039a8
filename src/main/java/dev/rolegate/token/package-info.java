/**
 * Bearer JWTs: who the caller of our API is ({@link dev.rolegate.token.Caller}), the filter that
 * authenticates every {@code /v1} request, the scope and account guard, and the dev-only token
 * endpoint. Depends on platform only.
 */
package dev.rolegate.token;
