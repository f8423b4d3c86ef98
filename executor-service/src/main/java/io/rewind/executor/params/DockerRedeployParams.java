package io.rewind.executor.params;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.rewind.executor.target.DockerTarget;

/**
 * {@code docker.redeploy}: replaces a container of a {@code docker} target with one made from another tag of the image
 * it runs, keeping the rest of its configuration. Params: either {@code container} (a plain container's name) or
 * {@code project} and {@code service} (a Compose service, which must run exactly one container); both must be ones the
 * target allows. Optional {@code tag}: the tag of the container's own image repository to go to, or {@code previous}
 * (the default): the image the container replaced when Rewind deployed it (its {@code io.rewind.replaced-image}
 * label, so a second rollback goes back again, as {@code kubectl rollout undo} does), else the tag before the current
 * one, in version order ({@code v1.9} before {@code v1.10}), among the repository's tags on the engine that the target
 * allows. A step never names an image of another repository, the engine or its socket: those are the target's.
 *
 * @param container a plain container's name, or null
 * @param project a Compose project, or null
 * @param service a Compose service of {@code project}, or null
 * @param tag the tag to go to, or {@link #PREVIOUS}
 */
public record DockerRedeployParams(String container, String project, String service, String tag) implements StepParams {

    public static final String PREVIOUS = "previous";

    /** A tag as the engine accepts it (no ':' or '@', so it cannot name another image or a digest). */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public static DockerRedeployParams read(ParamReader p) {
        String container = p.matching("container", false, DockerTarget.NAME, "must be a container name");
        String project = p.matching("project", false, DockerTarget.NAME, "must be a Compose project name");
        String service = p.matching("service", false, DockerTarget.NAME, "must be a Compose service name");
        boolean byName = p.present("container");
        boolean byService = p.present("project") || p.present("service");
        if (byName && byService) {
            p.error("container", "names a container; project and service name a Compose service: give one or the other");
        } else if (!byName && !byService) {
            p.error("container", "is required unless project and service name a Compose service");
        } else if (byService && !p.present("project")) {
            p.error("project", "is required with service");
        } else if (byService && !p.present("service")) {
            p.error("service", "is required with project");
        }
        String tag = p.matching("tag", false, TAG,
                "must be a tag of the container's image, such as v1.4.2 (letters, digits, '.', '_', '-'), or 'previous'");
        return new DockerRedeployParams(container, project, service, tag == null ? PREVIOUS : tag);
    }

    /** Whether the step goes back to the previous image rather than to a named tag. */
    public boolean previous() {
        return PREVIOUS.equals(tag);
    }

    /** What the step redeploys: "container shop-web" or "Compose service shop/web". */
    public String what() {
        return container != null ? "container " + container : "Compose service " + project + "/" + service;
    }

    /** Why {@code target} does not let this step act, as {@code field}: sentence pairs; empty when it does. */
    public Map<String, String> problemsFor(DockerTarget target) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (container != null && target.containerProblem(container) != null) {
            problems.put("container", target.containerProblem(container));
        }
        if (container == null && project != null && service != null && target.serviceProblem(project, service) != null) {
            problems.put("service", target.serviceProblem(project, service));
        }
        if (!previous() && !target.allows(tag)) {
            problems.put("tag", "is not a tag this target allows (it allows " + target.tagsPhrase() + ")"
                    + ParamReader.echo(tag));
        }
        return problems;
    }
}
