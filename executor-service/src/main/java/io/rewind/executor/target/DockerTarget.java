package io.rewind.executor.target;

import java.util.List;
import java.util.regex.Pattern;

import io.rewind.executor.params.Names;
import io.rewind.executor.params.ParamReader;

/**
 * {@code docker}: a Docker Engine (or Podman's Docker-compatible API, {@code podman system service}) reached through its
 * unix socket on the machine executor-service runs on, and the containers on it that steps may redeploy.
 *
 * <p>Spec: {@code socket} (the absolute path of the engine's API socket, such as {@code /var/run/docker.sock} or
 * {@code /run/podman/podman.sock}); at least one of {@code containers} (names of plain containers steps may redeploy)
 * and {@code services} (Compose services, each {@code project/service}, found by the labels
 * {@code com.docker.compose.project} and {@code com.docker.compose.service} that Compose puts on its containers).
 * Optional: {@code allowedTags} (a glob of the tags steps may go to, {@code *} and {@code ?} as wildcards, such as
 * {@code v*}; default every tag; a step only ever goes to another tag of the repository the container runs now);
 * {@code stopTimeoutSeconds} (how long the engine waits after SIGTERM before it kills the old container, 0 to 600,
 * default 10); {@code healthTimeoutSeconds} (how long the new container has to become healthy, 1 to 600, default 90:
 * more than its healthcheck's interval times its retries); {@code stableSeconds} (for a container without a
 * healthcheck: how long it must keep running, not restarted, 0 to 300, default 5). A step redeploys and waits in one
 * attempt, which must end within the worker's lease ({@code rewind.executor.worker.lease}, 5 minutes by default).
 *
 * <p>Whoever can use the socket is root on that machine: the target names the only containers steps may touch, and a
 * step can name neither the socket nor an image of another repository.
 */
public record DockerTarget(String socket, List<String> containers, List<String> services, String allowedTags,
        int stopTimeoutSeconds, int healthTimeoutSeconds, int stableSeconds) implements TargetSpec {

    /** A container, Compose project or Compose service name as the engine accepts it. */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    private static final Pattern SERVICE = Pattern.compile(NAME.pattern() + "/" + NAME.pattern());
    private static final Pattern TAG_GLOB = Pattern.compile("[A-Za-z0-9._*?-]{1,128}");

    static DockerTarget read(ParamReader spec) {
        String socket = spec.matching("socket", true, Names.ABSOLUTE_PATH,
                "must be the absolute path of the engine's API socket, such as /var/run/docker.sock");
        List<String> containers = spec.strings("containers", false, NAME, "must be a container name");
        List<String> services = spec.strings("services", false, SERVICE,
                "must be a Compose service as project/service, such as shop/web");
        if (!spec.present("containers") && !spec.present("services")) {
            spec.error("containers", "is required unless services is given: name the containers (or Compose services, "
                    + "project/service) that steps may redeploy");
        }
        String allowedTags = spec.matching("allowedTags", false, TAG_GLOB,
                "must be a glob of tag names such as v* (letters, digits, '.', '_', '-' and the wildcards * and ?)");
        Long stop = spec.integer("stopTimeoutSeconds", false, 0, 600);
        Long health = spec.integer("healthTimeoutSeconds", false, 1, 600);
        Long stable = spec.integer("stableSeconds", false, 0, 300);
        return new DockerTarget(socket, containers == null ? List.of() : containers,
                services == null ? List.of() : services, allowedTags, stop == null ? 10 : stop.intValue(),
                health == null ? 90 : health.intValue(), stable == null ? 5 : stable.intValue());
    }

    /** Whether steps may go to {@code tag}: it matches {@link #allowedTags} (every tag when none is set). */
    public boolean allows(String tag) {
        return allowedTags == null || HostTarget.glob(allowedTags).matcher(tag).matches();
    }

    /** The allowed tags as a phrase: "tags matching 'v*'" or "tags". */
    public String tagsPhrase() {
        return allowedTags == null ? "tags" : "tags matching '" + allowedTags + "'";
    }

    /** Why steps may not redeploy container {@code name}, or null. */
    public String containerProblem(String name) {
        return containers.contains(name) ? null : "is not a container this target allows (it allows "
                + (containers.isEmpty() ? "none" : String.join(", ", containers)) + ")" + ParamReader.echo(name);
    }

    /** Why steps may not redeploy Compose service {@code project/service}, or null. */
    public String serviceProblem(String project, String service) {
        return services.contains(project + "/" + service) ? null : "is not a Compose service this target allows (it allows "
                + (services.isEmpty() ? "none" : String.join(", ", services)) + ")" + ParamReader.echo(project + "/" + service);
    }
}
