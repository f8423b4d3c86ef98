package io.rewind.executor.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rewind.executor.StepKind;
import io.rewind.executor.params.DockerRedeployParams;
import io.rewind.executor.target.DockerTarget;

/**
 * {@code docker.redeploy}: the runbook's Compose rollback ("use the previous tag; docker-compose up -d") on one
 * container, through the engine's API. It creates a copy of the container from the other image (its environment,
 * labels, mounts, ports, networks and aliases, restart policy and healthcheck kept; what came from the old image
 * replaced by the new image's), named aside; then stops the old container and renames it aside too (kept, not removed),
 * gives the new one the old name and starts it, and waits until it runs and is healthy (its healthcheck; without one,
 * up and not restarted for the target's {@code stableSeconds}). Only then is the old container removed (its volumes
 * are kept). If the new container exits or turns unhealthy, it is removed and the old one renamed back and started:
 * the step fails saying why, with the service running its old image.
 *
 * <p>The new container carries the labels {@code io.rewind.replaced-image} and {@code io.rewind.replaced-container}:
 * what it replaced, for the operator, for compensation (which goes forward to that image again, the same way) and for
 * the next {@code previous}. The snapshot records the container, its id and image, and decides the image to go to, so
 * a resumed step goes where the first attempt meant to.
 *
 * <p>A resumed step looks before it acts, by name and label: the old container still in place (the new one perhaps
 * created aside already, and then reused), the old one aside and the new one not yet renamed, or the new one in place
 * (only waited for). It never creates a second copy nor stops anything twice. A container under the name that is
 * neither the one the step began with nor the one it created means something else changed it: the step stops.
 */
@ApplicationScoped
public class DockerRedeployAction implements StepAction {

    private final ObjectMapper json;

    public DockerRedeployAction(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public StepKind kind() {
        return StepKind.DOCKER_REDEPLOY;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    private DockerContainers containers(StepContext context) {
        return new DockerContainers(context.target(DockerTarget.class), json);
    }

    /** The container as the step records it: no environment values, which may be secrets. */
    private static Map<String, Object> state(JsonNode container) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("container", DockerContainers.name(container));
        state.put("containerId", DockerContainers.id(container));
        state.put("image", DockerContainers.image(container));
        state.put("imageId", container.path("Image").asText());
        state.put("status", container.path("State").path("Status").asText());
        state.put("health", container.path("State").path("Health").path("Status").asText(null));
        state.put("project", DockerContainers.label(container, DockerContainers.COMPOSE_PROJECT));
        state.put("service", DockerContainers.label(container, DockerContainers.COMPOSE_SERVICE));
        state.put("replacedImage", DockerContainers.label(container, DockerContainers.REPLACED_IMAGE));
        state.put("replacedContainer", DockerContainers.label(container, DockerContainers.REPLACED_CONTAINER));
        return state;
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        DockerContainers docker = containers(context);
        DockerRedeployParams params = context.params(DockerRedeployParams.class);
        Map<String, String> problems = params.problemsFor(docker.target);
        if (!problems.isEmpty()) {
            throw new StepFailure("error: " + params.what() + ": " + String.join("; ", problems.values()) + " (target '"
                    + context.target().name() + "')");
        }
        String engine = docker.engineName();
        JsonNode container = params.container() != null ? docker.named(params.container())
                : docker.ofService(params.project(), params.service());
        if (container == null) {
            throw new StepFailure("Error from server (NotFound): container \"" + params.container() + "\" not found on "
                    + "the engine at unix://" + docker.target.socket() + " (target '" + context.target().name() + "')");
        }
        String to = destination(docker, container, params);
        JsonNode toImage = docker.imageOf(to);
        Map<String, Object> before = state(container);
        before.put("engine", engine);
        before.put("toImage", to);
        before.put("toImageId", toImage.path("Id").asText());
        return before;
    }

    /** The image the step goes to: the named tag of the container's repository, or the previous one. */
    private static String destination(DockerContainers docker, JsonNode container, DockerRedeployParams params) {
        String image = DockerContainers.image(container);
        DockerContainers.ImageRef current = DockerContainers.ImageRef.parse(image);
        DockerTarget target = docker.target;
        if (!params.previous()) {
            String to = current.with(params.tag());
            if (docker.imageOf(to) == null) {
                throw new StepFailure("error: image " + to + " not found on the engine (" + target.tagsPhrase() + " of "
                        + current.repository() + " there: " + String.join(", ", allowedTags(docker, current)) + "); docker.redeploy does "
                        + "not pull: pull it onto the engine first");
            }
            return to;
        }
        String replaced = DockerContainers.label(container, DockerContainers.REPLACED_IMAGE);
        if (replaced != null) {
            DockerContainers.ImageRef ref = DockerContainers.ImageRef.parse(replaced);
            if (ref.tag() != null && ref.sameRepository(current.repository()) && target.allows(ref.tag())
                    && docker.imageOf(replaced) != null) {
                return replaced;
            }
        }
        List<String> tags = allowedTags(docker, current);
        int index = current.tag() == null ? -1 : tags.indexOf(current.tag());
        if (index < 0) {
            throw new StepFailure("error: container " + DockerContainers.name(container) + " runs " + image + ", which is "
                    + "not one of the " + target.tagsPhrase() + " of " + current.repository() + " on the engine ("
                    + String.join(", ", tags) + "), so there is no previous one; name the tag to go to (params.tag)");
        }
        if (index == 0) {
            throw new StepFailure("error: " + current.tag() + " is the oldest of the " + target.tagsPhrase() + " of "
                    + current.repository() + " on the engine; there is no previous one");
        }
        return current.with(tags.get(index - 1));
    }

    private static List<String> allowedTags(DockerContainers docker, DockerContainers.ImageRef ref) {
        return docker.tags(ref.repository()).stream().filter(docker.target::allows).toList();
    }

    @Override
    public Preview dryRun(StepContext context) {
        DockerContainers docker = containers(context);
        Map<String, Object> before = snapshot(context);
        String name = (String) before.get("container");
        JsonNode container = docker.named(name);
        Map<String, Object> wouldBe = new LinkedHashMap<>();
        wouldBe.put("container", name);
        wouldBe.put("image", before.get("toImage"));
        wouldBe.put("imageId", before.get("toImageId"));
        if (before.get("toImageId").equals(before.get("imageId")) && before.get("toImage").equals(before.get("image"))) {
            return new Preview(before, wouldBe, "container " + name + " already runs " + before.get("toImage")
                    + ": nothing to change");
        }
        wouldBe.put("replacedImage", before.get("image"));
        wouldBe.put("replacedContainer", before.get("containerId"));
        wouldBe.put("kept", kept(container));
        return new Preview(before, wouldBe, "would create a copy of container " + name + " from " + before.get("toImage")
                + " (now " + before.get("image") + "), keeping " + kept(container) + "; stop the old one ("
                + DockerContainers.shortId((String) before.get("containerId")) + ") and keep it as "
                + DockerContainers.parked(name, (String) before.get("containerId")) + ", start the copy as " + name
                + " and wait up to " + docker.target.healthTimeoutSeconds() + "s for it to be "
                + (DockerContainers.hasHealthcheck(container) ? "healthy" : "running for " + docker.target.stableSeconds()
                        + "s") + ", then remove the old one");
    }

    /** What a copy keeps, as the operator reads it: names and counts, never environment values. */
    private static Map<String, Object> kept(JsonNode container) {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("environmentVariables", container.path("Config").path("Env").size());
        kept.put("labels", container.path("Config").path("Labels").size());
        List<String> mounts = new ArrayList<>();
        DockerEngine.elements(container.path("Mounts")).forEach(m -> mounts.add(m.path("Destination").asText()));
        kept.put("mounts", mounts);
        List<String> ports = new ArrayList<>();
        container.path("HostConfig").path("PortBindings").fieldNames().forEachRemaining(ports::add);
        kept.put("ports", ports);
        List<String> networks = new ArrayList<>();
        container.path("NetworkSettings").path("Networks").fieldNames().forEachRemaining(networks::add);
        kept.put("networks", networks);
        kept.put("restartPolicy", container.path("HostConfig").path("RestartPolicy").path("Name").asText(""));
        kept.put("healthcheck", DockerContainers.hasHealthcheck(container)
                ? container.path("Config").path("Healthcheck").path("Test").toString() : null);
        return kept;
    }

    @Override
    public Outcome apply(StepContext context) {
        String name = (String) context.recorded("container");
        String from = (String) context.recorded("containerId");
        String to = (String) context.recorded("toImage");
        DockerContainers docker = containers(context);
        if (to.equals(context.recorded("image")) && context.recorded("toImageId").equals(context.recorded("imageId"))) {
            JsonNode now = docker.named(name);
            if (now != null && DockerContainers.id(now).equals(from)) {
                return new Outcome.Done(state(now), "container " + name + " already runs " + to + ": nothing to change");
            }
        }
        return replace(docker, name, from, to);
    }

    /**
     * Replaces container {@code name}, which was {@code fromId} when this began, with a copy made from {@code image},
     * picking up wherever an earlier attempt stopped; puts the old one back when the copy does not become healthy.
     */
    private Outcome replace(DockerContainers docker, String name, String fromId, String image) {
        String staged = DockerContainers.staged(name, fromId);
        String parked = DockerContainers.parked(name, fromId);
        int stop = docker.target.stopTimeoutSeconds();
        JsonNode current = docker.named(name);
        JsonNode old = current == null ? docker.named(parked) : null;
        String newId;
        String resumed = "";
        if (current != null && DockerContainers.id(current).equals(fromId)) {
            JsonNode copy = docker.named(staged);
            newId = copy != null ? DockerContainers.id(copy) : create(docker, current, staged, image);
            docker.engine.send("POST", "/containers/" + fromId + "/stop?t=" + stop, null);
            swap(docker, name, fromId, newId, image, parked);
        } else if (current != null && fromId.equals(DockerContainers.label(current, DockerContainers.REPLACED_CONTAINER))) {
            newId = DockerContainers.id(current);
            resumed = " (an earlier attempt had already put it in place)";
            if (!current.path("State").path("Running").asBoolean()
                    && current.path("State").path("StartedAt").asText("").startsWith("0001-")) {
                docker.engine.send("POST", "/containers/" + newId + "/start", null);
            }
        } else if (old != null && DockerContainers.id(old).equals(fromId)) {
            JsonNode copy = docker.named(staged);
            newId = copy != null ? DockerContainers.id(copy) : create(docker, old, staged, image);
            resumed = " (an earlier attempt had already stopped the old one)";
            swap(docker, name, fromId, newId, image, null);
        } else {
            throw new StepFailure("error: container " + name + " is " + (current == null ? "gone"
                    : DockerContainers.shortId(DockerContainers.id(current)) + " (" + DockerContainers.image(current) + ")")
                    + ", not " + DockerContainers.shortId(fromId) + " as when this step began nor a copy this step made: "
                    + "something else changed it; nothing was changed");
        }
        DockerContainers.Health health = docker.awaitHealthy(newId);
        if (!health.ok()) {
            throw new StepFailure(putBack(docker, name, fromId, newId, image, health.summary()));
        }
        old = docker.named(parked);
        if (old != null && DockerContainers.id(old).equals(fromId)) {
            docker.engine.send("DELETE", "/containers/" + fromId, null);
        }
        JsonNode now = docker.byId(newId);
        return new Outcome.Done(state(now), "replaced container " + name + " (" + DockerContainers.shortId(fromId) + ", "
                + DockerContainers.label(now, DockerContainers.REPLACED_IMAGE) + ") with "
                + DockerContainers.shortId(newId) + " (" + image + "): " + health.summary() + resumed
                + "; removed the old one");
    }

    /** Creates the copy of {@code container} from {@code image} under {@code name}, on all its networks; its id. */
    private static String create(DockerContainers docker, JsonNode container, String name, String image) {
        JsonNode oldImage = docker.imageOf(container.path("Image").asText());
        ObjectNode body = DockerContainers.createBody(container, oldImage, image, Map.of(
                DockerContainers.REPLACED_IMAGE, DockerContainers.image(container),
                DockerContainers.REPLACED_CONTAINER, DockerContainers.id(container)));
        String id = docker.engine.send("POST", "/containers/create?name=" + DockerEngine.encode(name), body).path("Id")
                .asText();
        for (Map.Entry<String, JsonNode> network : DockerContainers.otherNetworks(container, body).entrySet()) {
            ObjectNode connect = body.objectNode().put("Container", id);
            connect.set("EndpointConfig", network.getValue());
            docker.engine.send("POST", "/networks/" + DockerEngine.encode(network.getKey()) + "/connect", connect);
        }
        return id;
    }

    /**
     * Renames the old container aside (unless {@code parked} is null: it is already), gives the copy the name and starts
     * it; when the engine refuses any of it (a port taken meanwhile), puts the old one back.
     */
    private static void swap(DockerContainers docker, String name, String fromId, String newId, String image,
            String parked) {
        try {
            if (parked != null) {
                docker.engine.send("POST", "/containers/" + fromId + "/rename?name=" + DockerEngine.encode(parked), null);
            }
            docker.engine.send("POST", "/containers/" + newId + "/rename?name=" + DockerEngine.encode(name), null);
            docker.engine.send("POST", "/containers/" + newId + "/start", null);
        } catch (StepFailure refused) {
            throw new StepFailure(putBack(docker, name, fromId, newId, image, "could not be started: "
                    + refused.getMessage()));
        }
    }

    /**
     * Removes the copy that did not become healthy and starts the old container ({@code fromId}) again under its name;
     * the error to report.
     */
    private static String putBack(DockerContainers docker, String name, String fromId, String newId, String image,
            String why) {
        docker.engine.send("POST", "/containers/" + newId + "/stop?t=" + docker.target.stopTimeoutSeconds(), null);
        docker.engine.send("DELETE", "/containers/" + newId + "?force=true", null);
        String failed = "error: the new container " + name + " (" + image + ") " + why + "; it was removed";
        JsonNode old = docker.byId(fromId);
        if (old == null) {
            return failed + ", and the old container is gone: nothing could be started again";
        }
        if (!DockerContainers.name(old).equals(name)) {
            docker.engine.send("POST", "/containers/" + fromId + "/rename?name=" + DockerEngine.encode(name), null);
        }
        docker.engine.send("POST", "/containers/" + fromId + "/start", null);
        return failed + " and the old one (" + DockerContainers.shortId(fromId) + ", " + DockerContainers.image(old)
                + ") was started again under its name";
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        DockerContainers docker = containers(context);
        String name = (String) done.after().get("container");
        JsonNode now = docker.named(name);
        if (now == null || !DockerContainers.id(now).equals(done.after().get("containerId"))) {
            return Check.failed("container " + name + " is no longer " + DockerContainers.shortId(
                    (String) done.after().get("containerId")) + ": something else replaced it");
        }
        JsonNode state = now.path("State");
        if (!state.path("Running").asBoolean()) {
            return Check.failed("container " + name + " is " + state.path("Status").asText());
        }
        if (DockerContainers.hasHealthcheck(now) && !state.path("Health").path("Status").asText().equals("healthy")) {
            return Check.failed("container " + name + " is " + state.path("Health").path("Status").asText());
        }
        return Check.ok("container " + name + " runs " + DockerContainers.image(now) + " ("
                + DockerContainers.shortId(DockerContainers.id(now)) + ")"
                + (DockerContainers.hasHealthcheck(now) ? ", healthy" : ""));
    }

    /**
     * Goes forward again: replaces the container this step created with a copy made from the image it replaced, the same
     * way, only while the container under the name is still the one this step created.
     */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("containerId") instanceof String replaced) || !(context.recorded("image") instanceof String image)
                || !(context.recorded("container") instanceof String name)) {
            return Optional.empty();
        }
        DockerContainers docker = containers(context);
        JsonNode current = docker.named(name);
        if (current == null || !replaced.equals(DockerContainers.label(current, DockerContainers.REPLACED_CONTAINER))) {
            throw new StepFailure("error: container " + name + " is " + (current == null ? "gone"
                    : DockerContainers.shortId(DockerContainers.id(current)) + " (" + DockerContainers.image(current) + ")")
                    + ", not the one this step created: something else changed it since; nothing was changed");
        }
        return Optional.of(replace(docker, name, DockerContainers.id(current), image));
    }
}
