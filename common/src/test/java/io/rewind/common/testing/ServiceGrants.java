package io.rewind.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rewind.common.security.Services;

/**
 * Checks a running service against the least-privilege table of README.md (between {@code <!-- service-grants}
 * and {@code <!-- /service-grants -->}): each service's key passes the role check of exactly the operations its rows
 * name and gets 403 from every other protected operation; a row naming an operation the service does not have is an
 * error too, so the table cannot drift from the code in either direction.
 */
public final class ServiceGrants {

    /** One row: which service may call which operation ("METHOD /path") of which service. */
    public record Grant(String caller, String service, String operation) {
    }

    private ServiceGrants() {
    }

    /** The rows of the table in the README at {@code readme}. */
    public static Set<Grant> read(Path readme) throws IOException {
        Set<Grant> grants = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.startsWith("<!-- service-grants")) {
                inTable = true;
                continue;
            }
            if (line.startsWith("<!-- /service-grants")) {
                break;
            }
            if (!inTable || !line.startsWith("|") || line.startsWith("|---") || line.startsWith("| caller")) {
                continue;
            }
            String[] cells = line.split("\\|");
            grants.add(new Grant(cells[1].trim(), cells[2].trim(), cells[3].trim().replace("`", "")));
        }
        if (grants.isEmpty()) {
            throw new IllegalStateException("no service-grants table in " + readme);
        }
        return grants;
    }

    /** The README of the repository, found from a module's working directory. */
    public static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("common"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md of the repository not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Calls every protected operation of {@code service} on {@code port} with each service's key; returns the
     * differences from the README table (empty when code and table agree) and the number of calls in {@code calls[0]}.
     */
    public static List<String> check(int port, String service, int[] calls) throws IOException {
        Set<Grant> grants = read(readme());
        OpenApiOperations api = OpenApiOperations.of(port);
        List<String> problems = new ArrayList<>();
        Set<String> operations = new LinkedHashSet<>();
        for (OpenApiOperations.Operation op : api.operations()) {
            operations.add(op.id());
            String target = op.target(Map.of());
            String body = op.body() == null ? null : "{}";
            Map<String, String> json = body == null ? Map.of() : Map.of("Content-Type", "application/json");
            RawHttp.Answer anonymous = RawHttp.send(port, op.method(), target, json, bytes(body));
            calls[0]++;
            boolean isPublic = anonymous.status() != 401;
            for (String caller : Services.ALL) {
                Map<String, String> headers = new java.util.HashMap<>(json);
                headers.put("Authorization", "Bearer " + TestKeys.serviceKey(caller));
                RawHttp.Answer answer = RawHttp.send(port, op.method(), target, headers, bytes(body));
                calls[0]++;
                boolean granted = grants.contains(new Grant(caller, service, op.id()));
                if (isPublic) {
                    if (granted) {
                        problems.add(op.id() + " is public; the row for " + caller + " is not needed");
                    }
                    continue;
                }
                if (granted && (answer.status() == 401 || answer.status() == 403)) {
                    problems.add(caller + " is granted " + op.id() + " in README but got " + answer.status());
                } else if (!granted && answer.status() != 403) {
                    problems.add(caller + " may not call " + op.id() + " by README but got " + answer.status());
                }
            }
        }
        for (Grant grant : grants) {
            if (grant.service().equals(service) && !operations.contains(grant.operation())) {
                problems.add("README grants " + grant.caller() + " '" + grant.operation() + "', which " + service
                        + " does not have");
            }
        }
        return problems;
    }

    private static byte[] bytes(String body) {
        return body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
