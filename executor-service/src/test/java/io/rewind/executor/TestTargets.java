package io.rewind.executor;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

/** Targets as an admin defines them over HTTP, each under a fresh name so tests never see each other's. */
public final class TestTargets {

    private TestTargets() {
    }

    /** Defines a target of {@code kind} with {@code spec} under a fresh name and returns the name. */
    public static String define(TargetKind kind, Map<String, Object> spec) {
        String name = TestPlans.newName(kind.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind.id());
        body.put("spec", spec);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON).body(body)
                .put("/api/targets/{name}", name).then().statusCode(201);
        return name;
    }

    /** A cluster target allowing {@code namespaces}, on the executor's own connection (the mock server in tests). */
    public static String kubernetes(String... namespaces) {
        return define(TargetKind.KUBERNETES, Map.of("namespaces", List.of(namespaces)));
    }

    public static String http(String baseUrl) {
        return define(TargetKind.HTTP, Map.of("baseUrl", baseUrl));
    }

    public static String prometheus(String url) {
        return define(TargetKind.PROMETHEUS, Map.of("url", url));
    }

    public static String web(String baseUrl, Map<String, Object> headers) {
        return define(TargetKind.WEB, headers.isEmpty() ? Map.of("baseUrl", baseUrl, "timeoutSeconds", 5)
                : Map.of("baseUrl", baseUrl, "headers", headers, "timeoutSeconds", 5));
    }

    public static String backup(String database) {
        return define(TargetKind.BACKUP, Map.of("database", database));
    }

    /** A realistic spec of every kind, for validation and HTTP-contract tests (nothing is called). */
    public static Map<String, Object> validSpec(TargetKind kind) {
        return switch (kind) {
            case KUBERNETES -> Map.of("namespaces", List.of("shop"));
            case NGINX -> Map.of("includeFile", "/etc/nginx/conf.d/checkout-upstream.conf", "binary", "/usr/sbin/nginx");
            case UNLEASH -> Map.of("url", "https://unleash.example.com/api", "token", Map.of("env", "UNLEASH_ADMIN_TOKEN"),
                    "project", "default", "environment", "production");
            case FLAGD -> Map.of("namespace", "shop", "configMap", "flags");
            case POSTGRES -> Map.of("url", "jdbc:postgresql://orders-db:5432/orders", "username", "orders_owner",
                    "password", Map.of("file", "/run/secrets/orders-db-password"));
            case HTTP -> Map.of("baseUrl", "https://checkout.example.com");
            case PROMETHEUS -> Map.of("url", "http://prometheus.monitoring:9090");
            case BACKUP -> Map.of("database", "orders");
            case WEB -> Map.of("baseUrl", "https://api.datadoghq.com", "headers", Map.of(
                    "DD-API-KEY", Map.of("env", "DD_API_KEY"), "Accept", Map.of("value", "application/json")),
                    "timeoutSeconds", 10);
            case HOST -> Map.of("workingCopy", "/srv/checkout", "manager", "systemd", "unit", "checkout.service",
                    "systemctlBinary", "/usr/bin/systemctl", "gitBinary", "/usr/bin/git",
                    "install", List.of("/usr/bin/npm", "ci", "--omit=dev"), "allowedTags", "v*");
            case AWS_ALB -> Map.of("region", "eu-west-1", "listeners", Map.of("public-https",
                    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2"),
                    "targetGroups", Map.of(
                            "blue", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-blue/73e2d6bc24d8a067",
                            "green", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-green/9683b2d02a6cabee"),
                    "profile", "rewind-rollback");
            case COMMANDS -> Map.of("commands", Map.of("knex-rollback", Map.of(
                    "argv", List.of("/usr/bin/npx", "knex", "migrate:rollback", "--knexfile", "knexfile.js"),
                    "workingDirectory", "/srv/checkout", "env", Map.of("NODE_ENV", "production",
                            "DATABASE_URL", Map.of("file", "/run/secrets/checkout-db-url")), "timeoutSeconds", 300)),
                    "migrations", Map.of("framework", "knex", "database", Map.of(
                            "url", "jdbc:postgresql://checkout-db:5432/checkout", "username", "checkout_owner",
                            "password", Map.of("file", "/run/secrets/checkout-db-password"))));
            case DOCKER -> Map.of("socket", "/var/run/docker.sock", "services", List.of("shop/checkout"),
                    "containers", List.of("checkout-worker"), "allowedTags", "v*");
        };
    }
}
