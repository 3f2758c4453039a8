package dev.rolegate.account.api;

import java.util.List;

/**
 * The role × permission matrix: {@code GET /v1/accounts/{a}/matrix} (issue 13 item 5).
 *
 * @param revision             the account's revision the matrix was read at
 * @param template             the template the account was created from, null when it has none
 *                             (or it no longer ships)
 * @param permissions          the catalog, the grid's columns: every permission and its operations, sorted
 * @param roles                the grid's rows, sorted by id
 * @param removedTemplateRoles roles of the template the account does not have (any more), sorted
 */
public record MatrixResponse(long revision, String template, List<Permission> permissions, List<Role> roles,
                             List<String> removedTemplateRoles) {

    /** One permission of the catalog and the operations it lists. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "MatrixPermission")
    public record Permission(String name, List<String> operations) {
    }

    /**
     * One role.
     *
     * @param id          the role name
     * @param grants      its own grants as written (names, {@code prefix.*}, {@code *})
     * @param inherits    the roles it inherits directly
     * @param own         the permissions its own grants cover
     * @param inherited   the permissions it carries only through inherited roles (transitively)
     * @param operations  the operations its permissions allow (an operation needs every permission listing it)
     * @param template    how it differs from the template's role of the same name
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "MatrixRole")
    public record Role(String id, List<String> grants, List<String> inherits, List<String> own, List<String> inherited,
                       List<String> operations, TemplateDifference template) {
    }

    /**
     * A role against the template.
     *
     * @param status  {@code same}, {@code changed} (it carries other permissions than the template's
     *                role would on this catalog) or {@code custom} (the template has no such role)
     * @param added   permissions the role carries that the template's role would not
     * @param removed permissions the template's role would carry that the role does not
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "TemplateDifference")
    public record TemplateDifference(String status, List<String> added, List<String> removed) {
    }
}
