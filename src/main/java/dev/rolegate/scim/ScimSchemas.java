package dev.rolegate.scim;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.BulkConfig;
import com.unboundid.scim2.common.types.ChangePasswordConfig;
import com.unboundid.scim2.common.types.ETagConfig;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.FilterConfig;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.PatchConfig;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.SortConfig;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.types.AuthenticationScheme;
import com.unboundid.scim2.common.utils.SchemaUtils;
import com.unboundid.scim2.server.utils.ResourceTypeDefinition;
import java.beans.IntrospectionException;
import java.util.List;
import java.util.Set;

/**
 * What Rolegate's SCIM service provider serves and keeps (RFC 7643 §4, §8.7; RFC 7644 §4): the
 * User resource type (core schema, with the enterprise extension's {@code employeeNumber},
 * {@code department} and {@code manager}), the Group resource type, and the service provider
 * configuration. The schemas are the SDK's definitions of RFC 7643, cut down to the attributes
 * kept here, so {@code /Schemas} says exactly what a client may rely on; any other attribute a
 * client sends is ignored and counted ({@code rolegate_scim_ignored_attributes_total}).
 */
public final class ScimSchemas {

    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    /** The media type of every SCIM response (RFC 7644 §3.1). */
    public static final String MEDIA_TYPE = "application/scim+json";

    /** The User attributes kept, besides {@code id}, {@code externalId} and {@code meta}. */
    public static final Set<String> USER_ATTRIBUTES = Set.of("userName", "name", "displayName", "nickName", "title",
            "userType", "preferredLanguage", "locale", "timezone", "active", "emails", "phoneNumbers");

    /** The enterprise extension's attributes kept. */
    public static final Set<String> ENTERPRISE_ATTRIBUTES = Set.of("employeeNumber", "department", "manager");

    /** The Group attributes kept, besides {@code id}, {@code externalId} and {@code meta}. */
    public static final Set<String> GROUP_ATTRIBUTES = Set.of("displayName", "members");

    /** Most resources one list answer returns ({@code count} above it is cut to it). */
    public static final int MAX_RESULTS = 1000;

    /** Most member values one Group request may carry. */
    public static final int MAX_MEMBERS_PER_REQUEST = 20_000;

    public static final SchemaResource USER_SCHEMA = kept(schema(UserResource.class), USER_ATTRIBUTES);
    public static final SchemaResource ENTERPRISE_SCHEMA = kept(schema(EnterpriseUserExtension.class), ENTERPRISE_ATTRIBUTES);
    public static final SchemaResource GROUP_SCHEMA = kept(schema(GroupResource.class), GROUP_ATTRIBUTES);

    public static final ResourceTypeDefinition USERS = new ResourceTypeDefinition.Builder("User", "/Users")
            .setDescription("A person of the account: a Rolegate user of source scim")
            .setCoreSchema(USER_SCHEMA).addOptionalSchemaExtension(ENTERPRISE_SCHEMA).build();

    public static final ResourceTypeDefinition GROUPS = new ResourceTypeDefinition.Builder("Group", "/Groups")
            .setDescription("A group of the account; its displayName may map to roles")
            .setCoreSchema(GROUP_SCHEMA).build();

    /** {@code /ServiceProviderConfig}: PATCH yes, bulk, sort and password change no, filters up to {@value #MAX_RESULTS}. */
    public static final ServiceProviderConfigResource SERVICE_PROVIDER_CONFIG = new ServiceProviderConfigResource(
            "https://github.com/rolegate/rolegate/blob/main/docs/scim.md",
            new PatchConfig(true), new BulkConfig(false, 0, 0), new FilterConfig(true, MAX_RESULTS),
            new ChangePasswordConfig(false), new SortConfig(false), new ETagConfig(true),
            List.of(AuthenticationScheme.createOAuth2BearerToken(true)));

    private ScimSchemas() {
    }

    private static SchemaResource schema(Class<?> type) {
        try {
            return SchemaUtils.getSchema(type);
        } catch (IntrospectionException e) {
            throw new IllegalStateException("the SCIM SDK cannot describe " + type.getSimpleName(), e);
        }
    }

    private static SchemaResource kept(SchemaResource full, Set<String> names) {
        List<AttributeDefinition> attributes = full.getAttributes().stream().filter(a -> names.contains(a.getName())).toList();
        return new SchemaResource(full.getId(), full.getName(), full.getDescription(), attributes);
    }
}
