package io.rewind.executor.params;

import java.util.regex.Pattern;

import io.rewind.executor.target.HostTarget;

/**
 * {@code host.rollback}: checks out an earlier release tag of a {@code host} target's working copy, runs the target's
 * install command and restarts the process under PM2 or systemd. Params: optional {@code tag}, the tag to check out,
 * or {@code previous} (the default): the tag before the one checked out now, in version order ({@code git tag
 * --sort=version:refname}: {@code v1.9} before {@code v1.10}) among the tags the target allows. A named tag must match
 * the target's {@code allowedTags}. The working copy, programs, install command and process are the target's.
 *
 * @param tag the tag to check out, or {@link #PREVIOUS}
 */
public record HostRollbackParams(String tag) implements StepParams {

    public static final String PREVIOUS = "previous";

    /** A tag name git accepts and no program can read as an option: no leading '-', no '..', no '/'. */
    public static final Pattern TAG = Pattern.compile("(?!.*\\.\\.)(?!.*\\.lock$)[A-Za-z0-9_][A-Za-z0-9._+-]{0,127}");

    public static HostRollbackParams read(ParamReader p) {
        String tag = p.matching("tag", false, TAG,
                "must be a tag name such as v1.4.2 (letters, digits, '.', '_', '+', '-'), or 'previous'");
        return new HostRollbackParams(tag == null ? PREVIOUS : tag);
    }

    /** Whether the step goes back to the tag before the current one rather than to a named tag. */
    public boolean previous() {
        return PREVIOUS.equals(tag);
    }

    /** Why {@code target} does not let this step check out its tag, as a sentence for the {@code tag} field; or null. */
    public String problemFor(HostTarget target) {
        return previous() || target.allows(tag) ? null
                : "is not a tag this target allows (it allows " + target.tagsPhrase() + ")" + ParamReader.echo(tag);
    }
}
