package io.rewind.common.security;

import java.util.List;

/**
 * The Rewind services that call each other, each with its own key. A key of role {@code service} is named after the
 * service that holds it, and its identity holds exactly one role besides {@code service}: that name. Endpoints list
 * the services that may call them next to the human role they need, e.g.
 * {@code @RolesAllowed({Role.VIEWER_NAME, Services.DECISION})}; no human role is ever implied by a service identity,
 * so a leaked service key opens only what that one service needs.
 */
public final class Services {

    public static final String DECISION = "decision-service";
    public static final String EXECUTOR = "executor-service";
    public static final String BACKUP = "backup-service";
    public static final String STATUS = "status-service";

    public static final List<String> ALL = List.of(DECISION, EXECUTOR, BACKUP, STATUS);

    private Services() {
    }

    public static boolean isService(String name) {
        return ALL.contains(name);
    }
}
