package io.rewind.executor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Realistic plans and steps, shared by the validator's unit test and the HTTP tests. */
public final class TestPlans {

    /** Marks a parameter to leave out in {@link #with(Map, Object...)}. */
    public static final Object REMOVE = new Object();

    private TestPlans() {
    }

    /** A fresh plan or service name, so tests never see each other's plans. */
    public static String newName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Parameters a real rollback of the checkout service would use, for every kind: only what to do on the target. */
    public static Map<String, Object> validParams(StepKind kind) {
        return switch (kind) {
            case KUBERNETES_UNDO -> Map.of("namespace", "shop", "deployment", "checkout", "toRevision", 3);
            case KUBERNETES_SCALE -> Map.of("namespace", "shop", "deployment", "checkout", "replicas", 0);
            case KUBERNETES_SET_ENV -> Map.of("namespace", "shop", "deployment", "checkout", "container", "app",
                    "name", "FEATURE_NEW_CART", "value", "false");
            case KUBERNETES_SWITCH_SERVICE -> Map.of("namespace", "shop", "service", "checkout",
                    "selector", Map.of("app.kubernetes.io/name", "checkout", "color", "blue"));
            case ISTIO_SET_WEIGHTS -> Map.of("namespace", "shop", "virtualService", "checkout",
                    "weights", Map.of("stable", 100, "canary", 0));
            case NGINX_SWITCH_UPSTREAM -> Map.of("upstream", List.of("10.0.0.7:8080", "10.0.0.8:8080"));
            case FLAG_DISABLE -> Map.of("feature", "new-cart");
            case POSTGRES_DOWN_MIGRATION -> Map.of("script", "ALTER TABLE orders DROP COLUMN coupon_code;",
                    "expectedVersionBefore", "42", "expectedVersionAfter", "41");
            case POSTGRES_RESTORE -> Map.of("backupId", "0b5d9c2e-6f7a-4e43-9d1e-2c8f3a6b7d10", "force", false);
            case VERIFY_ROLLOUT_STATUS -> Map.of("namespace", "shop", "deployment", "checkout");
            case VERIFY_HTTP -> Map.of("path", "/healthz", "expectStatus", 200, "bodyContains", "UP", "retries", 3);
            case VERIFY_METRIC -> Map.of("query",
                    "sum(rate(http_requests_total{service=\"checkout\",code=~\"5..\"}[5m])) / sum(rate(http_requests_total{service=\"checkout\"}[5m]))",
                    "threshold", 0.01, "operator", "lt");
            case STATUS_UPDATE -> Map.of("status", "identified", "message", "We are rolling checkout back to v1.4.2.");
            case WAIT -> Map.of("duration", "PT30S");
            case APPROVAL -> Map.of("message", "Restore the orders database from the 04:00 backup?");
            case HOST_ROLLBACK -> Map.of("tag", "v1.4.2");
            case ALB_SWITCH_TARGET_GROUP -> Map.of("listener", "public-https", "targetGroup", "blue");
            case MIGRATION_ROLLBACK -> Map.of("command", "knex-rollback", "expectLatest", "20240110_orders.js");
            case DOCKER_REDEPLOY -> Map.of("project", "shop", "service", "checkout", "tag", "v1.4.2");
        };
    }

    /** The kind of target a valid step of {@code kind} names; null for kinds that take none. */
    public static TargetKind targetKind(StepKind kind) {
        return kind.targets().isEmpty() ? null
                : kind.targets().contains(TargetKind.UNLEASH) ? TargetKind.UNLEASH
                : kind.targets().contains(TargetKind.PROMETHEUS) ? TargetKind.PROMETHEUS : kind.targets().iterator().next();
    }

    /** {@code params} with some entries replaced, added or ({@link #REMOVE}) left out: key, value, key, value... */
    public static Map<String, Object> with(Map<String, Object> params, Object... changes) {
        Map<String, Object> changed = new HashMap<>(params);
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == REMOVE) {
                changed.remove((String) changes[i]);
            } else {
                changed.put((String) changes[i], changes[i + 1]);
            }
        }
        return changed;
    }

    /** A step as a client sends it, naming {@code target} (null: none). */
    public static Map<String, Object> step(String name, String kind, String target, Object params) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", name);
        step.put("kind", kind);
        if (target != null) {
            step.put("target", target);
        }
        step.put("params", params);
        return step;
    }

    /** A step of a kind that takes no target ({@code wait}, {@code approval}, {@code status.update}). */
    public static Map<String, Object> step(String name, String kind, Object params) {
        return step(name, kind, null, params);
    }

    /**
     * A {@code verify.http} step calling {@code params.url}: its origin becomes a fresh http target (defined over HTTP)
     * and its path and query the step's {@code path}.
     */
    public static Map<String, Object> httpCheck(String name, Map<String, Object> params) {
        Map<String, Object> rest = new LinkedHashMap<>(params);
        java.net.URI url = java.net.URI.create((String) rest.remove("url"));
        String target = TestTargets.http(url.getScheme() + "://" + url.getRawAuthority());
        rest.put("path", url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        return step(name, StepKind.VERIFY_HTTP.id(), target, rest);
    }

    /** A valid step of {@code kind} on a fresh target of the right kind (defined over HTTP), or on none. */
    public static Map<String, Object> step(String name, StepKind kind) {
        TargetKind targetKind = targetKind(kind);
        String target = targetKind == null ? null : TestTargets.define(targetKind, TestTargets.validSpec(targetKind));
        return step(name, kind.id(), target, validParams(kind));
    }

    /** A plan as a client sends it. */
    public static Map<String, Object> plan(String name, String service, List<?> steps) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("name", name);
        plan.put("service", service);
        plan.put("description", "Roll " + service + " back to the previous release");
        plan.put("steps", steps);
        return plan;
    }

    /** A plan with one step of every kind, in declaration order. */
    public static Map<String, Object> planWithEveryKind(String name, String service) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepKind kind : StepKind.values()) {
            steps.add(step(kind.id() + " step", kind));
        }
        return plan(name, service, steps);
    }
}
