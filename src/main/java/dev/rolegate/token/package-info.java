/**
 * Bearer JWTs: who the caller of our API is ({@link dev.rolegate.token.Caller},
 * {@link dev.rolegate.token.CallerContext}), the filter that authenticates every {@code /v1}
 * request, and the declarations each {@code /v1} endpoint makes of what it needs
 * ({@link dev.rolegate.token.AdminOperation}, {@link dev.rolegate.token.CheckOperation},
 * {@link dev.rolegate.token.PlatformOperation}). Depends on platform only; the decision on a
 * declaration is {@code admin}'s.
 */
package dev.rolegate.token;
