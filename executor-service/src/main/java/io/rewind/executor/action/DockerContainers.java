package io.rewind.executor.action;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rewind.executor.target.DockerTarget;

/**
 * The containers and images of a {@code docker} target's engine, as {@code docker.redeploy} reads and changes them:
 * finding a container by name or Compose labels, the tags of its image's repository, the body that creates a copy of
 * a container from another image, and the wait for a container to run and be healthy.
 */
final class DockerContainers {

    static final String COMPOSE_PROJECT = "com.docker.compose.project";
    static final String COMPOSE_SERVICE = "com.docker.compose.service";
    /** On a container Rewind created: the image and the container it replaced. */
    static final String REPLACED_IMAGE = "io.rewind.replaced-image";
    static final String REPLACED_CONTAINER = "io.rewind.replaced-container";
    /** The names of the containers a redeploy keeps on the side: the new one before it takes over, the old one after. */
    private static final Pattern SIDE_NAME = Pattern.compile(".*-rewind-(new|old)-[0-9a-f]{12}");
    private static final Pattern VERSION_PART = Pattern.compile("\\d+|\\D+");
    private static final Duration POLL = Duration.ofMillis(500);

    final DockerTarget target;
    final DockerEngine engine;
    private Boolean podman;

    DockerContainers(DockerTarget target, ObjectMapper json) {
        this.target = target;
        this.engine = new DockerEngine(target.socket(), json, Duration.ofSeconds(Math.max(30, target.stopTimeoutSeconds() + 30)));
    }

    /** The container named exactly {@code name} (not one whose id starts so), or null. */
    JsonNode named(String name) {
        JsonNode container = engine.get("/containers/" + DockerEngine.encode(name) + "/json");
        return container != null && name(container).equals(name) ? container : null;
    }

    JsonNode byId(String id) {
        return engine.get("/containers/" + id + "/json");
    }

    /** The one container of Compose service {@code project/service}, not counting those a redeploy keeps aside. */
    JsonNode ofService(String project, String service) {
        JsonNode list = engine.get("/containers/json?all=true&" + engine.filters(Map.of("label",
                List.of(COMPOSE_PROJECT + "=" + project, COMPOSE_SERVICE + "=" + service))));
        List<String> names = DockerEngine.elements(list).stream()
                .map(c -> c.path("Names").path(0).asText("").replaceFirst("^/", ""))
                .filter(n -> !SIDE_NAME.matcher(n).matches()).sorted().toList();
        if (names.isEmpty()) {
            throw new StepFailure("Error from server (NotFound): no container of Compose service " + project + "/"
                    + service + " (labels " + COMPOSE_PROJECT + "=" + project + ", " + COMPOSE_SERVICE + "=" + service
                    + ") on the engine at unix://" + target.socket());
        }
        if (names.size() > 1) {
            throw new StepFailure("error: Compose service " + project + "/" + service + " runs " + names.size()
                    + " containers (" + String.join(", ", names) + "); docker.redeploy replaces a service's only "
                    + "container, so scale it to one first");
        }
        return named(names.get(0));
    }

    static String name(JsonNode container) {
        return container.path("Name").asText("").replaceFirst("^/", "");
    }

    static String id(JsonNode container) {
        return container.path("Id").asText();
    }

    static String shortId(String id) {
        return id == null ? "?" : id.replaceFirst("^sha256:", "").substring(0, Math.min(12, id.replaceFirst("^sha256:", "").length()));
    }

    static String label(JsonNode container, String label) {
        JsonNode value = container.path("Config").path("Labels").get(label);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String image(JsonNode container) {
        return container.path("Config").path("Image").asText();
    }

    static String staged(String name, String replacedId) {
        return name + "-rewind-new-" + shortId(replacedId);
    }

    static String parked(String name, String replacedId) {
        return name + "-rewind-old-" + shortId(replacedId);
    }

    /** The engine, as {@code /version} names it: "Podman Engine 4.3.1", "Docker Engine - Community 24.0.7". */
    String engineName() {
        JsonNode version = engine.get("/version");
        JsonNode first = version.path("Components").path(0);
        podman = first.path("Name").asText("").contains("Podman");
        return first.isMissingNode() ? "Docker Engine " + version.path("Version").asText()
                : first.path("Name").asText() + " " + first.path("Version").asText();
    }

    /** The local image {@code ref} (its {@code Id}, {@code RepoTags} and {@code Config}), or null. */
    JsonNode imageOf(String ref) {
        return engine.get("/images/" + DockerEngine.encode(ref) + "/json");
    }

    /** The tags of {@code repository} on the engine, in version order: v1.9 before v1.10. */
    List<String> tags(String repository) {
        Set<String> tags = new HashSet<>();
        for (JsonNode image : DockerEngine.elements(engine.get("/images/json"))) {
            for (JsonNode tag : DockerEngine.elements(image.path("RepoTags"))) {
                ImageRef ref = ImageRef.parse(tag.asText());
                if (ref.tag() != null && ref.sameRepository(repository)) {
                    tags.add(ref.tag());
                }
            }
        }
        return tags.stream().sorted(DockerContainers::versionOrder).toList();
    }

    /** Digits compared as numbers, the rest as text, part by part. */
    static int versionOrder(String a, String b) {
        Matcher x = VERSION_PART.matcher(a);
        Matcher y = VERSION_PART.matcher(b);
        while (x.find() && y.find()) {
            String p = x.group();
            String q = y.group();
            int c = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))
                    ? new BigInteger(p).compareTo(new BigInteger(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    /** An image reference split into repository and tag ({@code latest} when none is written; null for a digest). */
    record ImageRef(String repository, String tag) {

        static ImageRef parse(String ref) {
            int at = ref.indexOf('@');
            if (at >= 0) {
                return new ImageRef(ref.substring(0, at), null);
            }
            int colon = ref.lastIndexOf(':');
            return colon > ref.lastIndexOf('/') ? new ImageRef(ref.substring(0, colon), ref.substring(colon + 1))
                    : new ImageRef(ref, "latest");
        }

        /** Whether {@code other} names this repository, as Docker (short names) or Podman (localhost/...) writes it. */
        boolean sameRepository(String other) {
            return normal(repository).equals(normal(other));
        }

        private static String normal(String repository) {
            return repository.replaceFirst("^(docker\\.io/library/|docker\\.io/|index\\.docker\\.io/library/|localhost/)", "");
        }

        String with(String newTag) {
            return repository + ":" + newTag;
        }
    }

    /**
     * The body that creates a copy of {@code container} from {@code image}: its configuration, host configuration
     * (mounts, ports, restart policy, resources) and networks with their aliases, less what came from its old image
     * ({@code oldImage}'s defaults: environment, command, entrypoint, working directory, exposed ports, volumes, labels,
     * healthcheck), which the new image brings instead. Its anonymous volumes are mounted again by name, so their data
     * stays. {@code labels} are added.
     */
    static ObjectNode createBody(JsonNode container, JsonNode oldImage, String image, Map<String, String> labels) {
        ObjectNode config = container.path("Config").deepCopy();
        JsonNode defaults = oldImage == null ? config.objectNode() : oldImage.path("Config");
        String id12 = shortId(id(container));
        config.put("Image", image);
        if (id12.equals(config.path("Hostname").asText())) {
            config.remove("Hostname");
        }
        ArrayNode env = config.arrayNode();
        Set<String> imageEnv = new HashSet<>();
        DockerEngine.elements(defaults.path("Env")).forEach(e -> imageEnv.add(e.asText()));
        DockerEngine.elements(config.path("Env")).stream().map(JsonNode::asText)
                .filter(e -> !imageEnv.contains(e) && !e.equals("HOSTNAME=" + id12)).forEach(env::add);
        config.set("Env", env);
        for (String field : List.of("Cmd", "Entrypoint", "WorkingDir", "User", "StopSignal", "Healthcheck", "OnBuild")) {
            if (inherited(config.get(field), defaults.get(field))) {
                config.remove(field);
            }
        }
        for (String field : List.of("ExposedPorts", "Volumes", "Labels")) {
            if (config.get(field) instanceof ObjectNode own) {
                JsonNode inherited = defaults.path(field);
                for (Iterator<Map.Entry<String, JsonNode>> it = own.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    if (entry.getValue().equals(inherited.get(entry.getKey())) || entry.getKey().startsWith("io.rewind.")) {
                        it.remove();
                    }
                }
            }
        }
        ObjectNode ownLabels = config.get("Labels") instanceof ObjectNode l ? l : config.putObject("Labels");
        labels.forEach(ownLabels::put);
        ObjectNode body = config;
        ObjectNode host = container.path("HostConfig").deepCopy();
        keepAnonymousVolumes(container, host);
        body.set("HostConfig", host);
        String mode = host.path("NetworkMode").asText("");
        JsonNode networks = container.path("NetworkSettings").path("Networks");
        if (!mode.equals("host") && !mode.equals("none") && !mode.startsWith("container:") && networks.size() > 0) {
            // API 1.41 creates a container on one network; the others are connected before it starts.
            String first = networks.has(mode) ? mode : networks.fieldNames().next();
            body.putObject("NetworkingConfig").putObject("EndpointsConfig").set(first, endpoint(networks.get(first), id12));
        }
        return body;
    }

    /** The networks other than the one {@link #createBody} put the copy on, with their endpoint settings. */
    static Map<String, JsonNode> otherNetworks(JsonNode container, ObjectNode body) {
        Map<String, JsonNode> others = new LinkedHashMap<>();
        JsonNode created = body.path("NetworkingConfig").path("EndpointsConfig");
        if (created.isMissingNode()) {
            return others;
        }
        String id12 = shortId(id(container));
        container.path("NetworkSettings").path("Networks").fields().forEachRemaining(n -> {
            if (!created.has(n.getKey())) {
                others.put(n.getKey(), endpoint(n.getValue(), id12));
            }
        });
        return others;
    }

    /** An endpoint's settings that belong to the service (aliases, static addresses, links), not to the old container. */
    private static ObjectNode endpoint(JsonNode network, String id12) {
        ObjectNode endpoint = new ObjectMapper().createObjectNode();
        ArrayNode aliases = endpoint.putArray("Aliases");
        DockerEngine.elements(network.path("Aliases")).stream().map(JsonNode::asText).filter(a -> !a.equals(id12))
                .forEach(aliases::add);
        for (String field : List.of("IPAMConfig", "Links")) {
            if (network.hasNonNull(field)) {
                endpoint.set(field, network.get(field));
            }
        }
        return endpoint;
    }

    private static void keepAnonymousVolumes(JsonNode container, ObjectNode host) {
        Set<String> named = new HashSet<>();
        DockerEngine.elements(host.path("Binds")).forEach(b -> named.add(b.asText().split(":")[0]));
        DockerEngine.elements(host.path("Mounts")).forEach(m -> named.add(m.path("Source").asText()));
        List<String> added = new ArrayList<>();
        for (JsonNode mount : DockerEngine.elements(container.path("Mounts"))) {
            String name = mount.path("Name").asText("");
            if (mount.path("Type").asText().equals("volume") && !name.isEmpty() && !named.contains(name)) {
                added.add(name + ":" + mount.path("Destination").asText() + (mount.path("RW").asBoolean(true) ? "" : ":ro"));
            }
        }
        if (!added.isEmpty()) {
            ArrayNode binds = host.get("Binds") instanceof ArrayNode a ? a : host.putArray("Binds");
            added.forEach(binds::add);
        }
    }

    /** Whether {@code own} is unset or its image's value, so the new image's value should apply. */
    private static boolean inherited(JsonNode own, JsonNode image) {
        return own == null || own.isNull() || own.isContainerNode() && own.isEmpty()
                || own.isTextual() && own.asText().isEmpty() || own.equals(image);
    }

    /** Whether {@code container} has a healthcheck of its own or from its image. */
    static boolean hasHealthcheck(JsonNode container) {
        JsonNode test = container.path("Config").path("Healthcheck").path("Test");
        return test.size() > 0 && !test.path(0).asText().equals("NONE");
    }

    /** What the wait for a new container found. */
    record Health(boolean ok, String summary) {
    }

    /**
     * Waits until container {@code id} runs and is healthy: its healthcheck says {@code healthy}, or, without one, it
     * has kept running, not restarted, for the target's {@code stableSeconds}. Podman runs healthchecks from systemd
     * timers, which a host without systemd lacks, so on Podman each look also runs the healthcheck once (its API's
     * {@code healthcheck} call, what {@code podman healthcheck run} does); Docker runs them itself.
     */
    Health awaitHealthy(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(target.healthTimeoutSeconds()).toNanos();
        String startedAt = null;
        long restarts = -1;
        long stableUntil = 0;
        while (true) {
            JsonNode container = byId(id);
            if (container == null) {
                return new Health(false, "was removed by something else while Rewind waited for it");
            }
            JsonNode state = container.path("State");
            if (!state.path("Running").asBoolean()) {
                return new Health(false, "is not running: it " + state.path("Status").asText() + " with exit code "
                        + state.path("ExitCode").asText() + (state.path("Error").asText("").isBlank() ? ""
                                : " (" + state.path("Error").asText() + ")"));
            }
            String status = "running";
            if (hasHealthcheck(container)) {
                JsonNode health = state.path("Health");
                status = health.path("Status").asText("starting");
                if (status.equals("healthy")) {
                    return new Health(true, "running and healthy");
                }
                if (status.equals("unhealthy")) {
                    return new Health(false, "is unhealthy: its healthcheck " + lastCheck(health));
                }
                if (podman == null) {
                    engineName();
                }
                if (podman) {
                    engine.call("GET", "/v4.0.0/libpod/containers/" + id + "/healthcheck", null);
                }
            } else if (startedAt == null) {
                startedAt = state.path("StartedAt").asText();
                restarts = container.path("RestartCount").asLong();
                stableUntil = System.nanoTime() + Duration.ofSeconds(target.stableSeconds()).toNanos();
            } else if (!startedAt.equals(state.path("StartedAt").asText())
                    || restarts != container.path("RestartCount").asLong()) {
                return new Health(false, "restarted while Rewind watched it");
            }
            if (startedAt != null && System.nanoTime() >= stableUntil) {
                return new Health(true, "running, not restarted, for " + target.stableSeconds() + "s");
            }
            if (System.nanoTime() >= deadline) {
                return new Health(false, "is still " + status + " after " + target.healthTimeoutSeconds()
                        + "s (the target's healthTimeoutSeconds)");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure("interrupted while waiting for container " + name(container) + " to become healthy; "
                        + "it was left as it is");
            }
        }
    }

    private static String lastCheck(JsonNode health) {
        List<JsonNode> log = DockerEngine.elements(health.path("Log"));
        if (log.isEmpty()) {
            return "failed " + health.path("FailingStreak").asText() + " times";
        }
        JsonNode last = log.get(log.size() - 1);
        String output = last.path("Output").asText("").strip();
        return "exited with " + last.path("ExitCode").asText() + (output.isEmpty() ? "" : ": " + (output.length() > 500
                ? output.substring(0, 500) + "..." : output));
    }
}
