package io.rewind.common.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles of an API key. A key has one role; each human role also grants the roles it implies, so endpoints name the
 * least role they need ({@code @RolesAllowed(Role.VIEWER_NAME)} admits every person's key). A {@link #SERVICE} key
 * implies no human role: it is named after one of the {@link Services} and holds that name as its only other role, so
 * an endpoint a service calls names that service next to the human role.
 */
public enum Role {
    /** Reads everything. */
    VIEWER,
    /** Runs and cancels executions, posts status updates. */
    OPERATOR,
    /** Approves or rejects rollback decisions. */
    APPROVER,
    /** Manages policies, plans, registered databases, components; also operates. */
    ADMIN,
    /** Another Rewind service, named by the key's name; grants nothing a person's role grants. */
    SERVICE;

    public static final String VIEWER_NAME = "viewer";
    public static final String OPERATOR_NAME = "operator";
    public static final String APPROVER_NAME = "approver";
    public static final String ADMIN_NAME = "admin";
    public static final String SERVICE_NAME = "service";

    /** The role's name as written in configuration and in {@code @RolesAllowed}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The roles this role grants. Approving is deliberately not implied by admin or operator: the person who runs a
     * rollback is not the one who signs it off unless they hold an approver key.
     */
    public Set<Role> grants() {
        return switch (this) {
            case VIEWER -> EnumSet.of(VIEWER);
            case OPERATOR -> EnumSet.of(VIEWER, OPERATOR);
            case APPROVER -> EnumSet.of(VIEWER, APPROVER);
            case ADMIN -> EnumSet.of(VIEWER, OPERATOR, ADMIN);
            case SERVICE -> EnumSet.of(SERVICE);
        };
    }

    public Set<String> grantedNames() {
        return grants().stream().map(Role::id).collect(Collectors.toUnmodifiableSet());
    }

    public static Role parse(String name) {
        for (Role role : values()) {
            if (role.id().equalsIgnoreCase(name.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "' (known: viewer, operator, approver, admin, service)");
    }
}
