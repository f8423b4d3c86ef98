package io.rewind.executor.action;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rewind.common.secret.SecretResolver;
import io.rewind.executor.StepKind;
import io.rewind.executor.params.HostRollbackParams;
import io.rewind.executor.target.HostTarget;

/**
 * {@code host.rollback}: the runbook's "traditional deployment" rollback, on a {@code host} target. It checks out the
 * tag to go back to (detached, as a deployment at a tag is), runs the target's install command in the working copy and
 * restarts the process: PM2 ({@code pm2 restart <name> --update-env}) or systemd ({@code systemctl restart <unit>}). It
 * then watches the process until it has stayed up for the target's {@code stableSeconds}, its pid and restart count
 * unchanged: PM2's {@code online} or systemd's {@code active}, not merely started.
 *
 * <p>The snapshot records the commit, tag and branch checked out and the process's pid, status and restart count, and
 * decides the tag to go to ({@code previous}: the allowed tag before the current one, in version order), so a resumed
 * step goes where the first attempt meant to even though HEAD has moved. Refusals change nothing: a working copy with
 * uncommitted changes to tracked files (named), a tag that does not exist or that the target does not allow, a process
 * PM2 or systemd does not know. When the install command fails, the commit that was checked out before is checked out
 * again and installed again, and the process, never restarted, still runs it.
 *
 * <p>A resumed step that finds HEAD already at the tag installs and restarts again (the earlier attempt may have died
 * between checkout and restart); one that finds HEAD at neither commit stops, since something else moved it.
 * Compensation goes forward again the same way: it checks out the commit (and branch, if HEAD was on one that still
 * points there) that the step replaced, installs and restarts, and only when HEAD is still where the step left it.
 *
 * <p>Every program, directory and name comes from the target; a step gives only the tag. Programs run from argument
 * lists, never a shell, with only {@code PATH}, {@code HOME}, {@code PM2_HOME} and the target's environment.
 */
@ApplicationScoped
public class HostRollbackAction implements StepAction {

    private final SecretResolver secrets;
    private final ObjectMapper json;

    public HostRollbackAction(SecretResolver secrets, ObjectMapper json) {
        this.secrets = secrets;
        this.json = json;
    }

    @Override
    public StepKind kind() {
        return StepKind.HOST_ROLLBACK;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    /** The target's working copy and process, as one step sees them. */
    private final class Host {

        final HostTarget target;
        final HostRunner runner;
        final GitWorkingCopy git;
        final HostProcess process;

        Host(StepContext context) {
            target = context.target(HostTarget.class);
            runner = new HostRunner(target, context.target().name(), secrets);
            git = new GitWorkingCopy(runner);
            process = HostProcess.of(runner, json);
        }

        /** Where the working copy is now, with the process's state. */
        Map<String, Object> state(String commit, String branch, Map<String, Object> process) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("workingCopy", target.workingCopy());
            state.put("commit", commit);
            state.put("tag", git.tagAt(commit, git.tags()));
            state.put("branch", branch);
            state.put("process", process);
            return state;
        }

        /** What a move to {@code commit} runs, as argument lists. */
        List<List<String>> commands(String commit, String branch) {
            List<List<String>> commands = new ArrayList<>();
            commands.add(git.checkoutCommand(commit, branch));
            if (!target.install().isEmpty()) {
                commands.add(target.install());
            }
            commands.addAll(process.restartCommands());
            return commands;
        }
    }

    private static String shortened(String commit) {
        return commit == null ? "?" : commit.substring(0, Math.min(12, commit.length()));
    }

    private static String release(Object tag, Object commit) {
        return (tag == null ? "" : tag + " ") + "(" + shortened((String) commit) + ")";
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        Host host = new Host(context);
        HostRollbackParams params = context.params(HostRollbackParams.class);
        String head = host.git.head();
        host.git.refuseDirty();
        List<String> tags = host.git.tags();
        String current = host.git.tagAt(head, tags);
        String to;
        if (params.previous()) {
            if (current == null) {
                throw new StepFailure("error: HEAD of " + host.target.workingCopy() + " (" + shortened(head)
                        + ") is not at one of its " + host.target.tagsPhrase()
                        + ", so there is no previous one; name the tag to go back to (params.tag)");
            }
            int index = tags.indexOf(current);
            if (index == 0) {
                throw new StepFailure("error: " + current + " is the oldest of the " + host.target.tagsPhrase() + " in "
                        + host.target.workingCopy() + "; there is no previous one");
            }
            to = tags.get(index - 1);
        } else {
            if (params.problemFor(host.target) != null) {
                throw new StepFailure("error: tag '" + params.tag() + "' is not a tag target '" + context.target().name()
                        + "' allows (" + host.target.tagsPhrase() + ")");
            }
            if (!tags.contains(params.tag())) {
                throw host.git.unknownTag(params.tag(), tags);
            }
            to = params.tag();
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("workingCopy", host.target.workingCopy());
        before.put("commit", head);
        before.put("tag", current);
        before.put("branch", host.git.branch());
        before.put("process", host.process.observe().state());
        before.put("toTag", to);
        before.put("toCommit", host.git.commitOf(to));
        return before;
    }

    @Override
    public Preview dryRun(StepContext context) {
        Host host = new Host(context);
        Map<String, Object> before = snapshot(context);
        String toCommit = (String) before.get("toCommit");
        Map<String, Object> wouldBe = new LinkedHashMap<>();
        wouldBe.put("workingCopy", host.target.workingCopy());
        wouldBe.put("commit", toCommit);
        wouldBe.put("tag", before.get("toTag"));
        if (toCommit.equals(before.get("commit"))) {
            wouldBe.put("commands", List.of());
            return new Preview(before, wouldBe, host.target.workingCopy() + " is already at "
                    + release(before.get("toTag"), toCommit) + ": nothing to change");
        }
        List<List<String>> commands = host.commands(toCommit, null);
        wouldBe.put("commands", commands);
        return new Preview(before, wouldBe, "would check out " + release(before.get("toTag"), toCommit) + " in "
                + host.target.workingCopy() + " (now " + release(before.get("tag"), before.get("commit")) + ")"
                + (host.target.install().isEmpty() ? "" : ", run " + String.join(" ", host.target.install()) + " there")
                + ", restart " + host.process.name() + " and wait until it has stayed up for "
                + host.target.stableSeconds() + "s; it would run " + commands);
    }

    @Override
    public Outcome apply(StepContext context) {
        String toCommit = (String) context.recorded("toCommit");
        String fromCommit = (String) context.recorded("commit");
        return moveTo(context, toCommit, null, fromCommit, toCommit.equals(fromCommit));
    }

    /**
     * Checks out {@code commit} (or {@code branch}, which points there), installs and restarts, unless HEAD is already
     * there and {@code alreadyLive} says the process runs it. {@code from}: where HEAD must be for this to act.
     */
    private Outcome moveTo(StepContext context, String commit, String branch, String from, boolean alreadyLive) {
        Host host = new Host(context);
        String dir = host.target.workingCopy();
        String head = host.git.head();
        if (head.equals(commit) && alreadyLive) {
            return new Outcome.Done(host.state(head, host.git.branch(), host.process.observe().state()),
                    dir + " is already at " + release(host.git.tagAt(head, host.git.tags()), head) + ": nothing to change");
        }
        Map<String, String> environment = host.runner.application();
        String was = release(host.git.tagAt(head, host.git.tags()), head);
        String headBranch = host.git.branch();
        if (!head.equals(commit)) {
            if (!head.equals(from)) {
                throw new StepFailure("error: HEAD of " + dir + " is " + shortened(head) + ", not " + shortened(from)
                        + " as when this step began: something else moved it; nothing was changed");
            }
            host.git.refuseDirty();
            host.process.observe();
            host.git.checkout(commit, branch);
        }
        String now = release(host.git.tagAt(commit, host.git.tags()), commit);
        if (!host.target.install().isEmpty()) {
            Programs.Result install = host.runner.run(host.target.install(), environment,
                    Duration.ofSeconds(host.target.installTimeoutSeconds()));
            if (!install.ok()) {
                throw new StepFailure(installFailed(host, install, head.equals(commit) ? null : head, headBranch,
                        environment));
            }
        }
        host.process.restart(environment);
        HostProcess.Observation stable = host.process.awaitStable(host.runner.commandTimeout(),
                Duration.ofSeconds(host.target.stableSeconds()));
        return new Outcome.Done(host.state(commit, host.git.branch(), stable.state()), "checked out " + now + " in " + dir
                + " (was " + was + ")" + (host.target.install().isEmpty() ? "" : ", ran " + String.join(" ", host.target.install()))
                + ", restarted " + host.process.name() + ": " + stable.summary() + ", up for "
                + host.target.stableSeconds() + "s");
    }

    /**
     * Puts {@code previous} back (checked out, on {@code branch} when HEAD was on one, and installed) after a failed
     * install; what to tell the operator.
     */
    private static String installFailed(Host host, Programs.Result install, String previous, String branch,
            Map<String, String> env) {
        String failed = "error: the install command " + String.join(" ", host.target.install()) + " failed in "
                + host.target.workingCopy() + ": " + install.said();
        if (previous == null) {
            return failed + "; " + host.process.name() + " was not restarted";
        }
        host.git.checkout(previous, branch);
        Programs.Result again = host.runner.run(host.target.install(), env,
                Duration.ofSeconds(host.target.installTimeoutSeconds()));
        return failed + "; checked out " + shortened(previous) + " again" + (again.ok() ? " and installed it again"
                : ", but installing it again failed too: " + again.said()) + "; " + host.process.name()
                + " was not restarted";
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        Host host = new Host(context);
        String head = host.git.head();
        if (!head.equals(done.after().get("commit"))) {
            return Check.failed("HEAD of " + host.target.workingCopy() + " is " + shortened(head) + ", not "
                    + shortened((String) done.after().get("commit")) + ": something else moved it");
        }
        if (host.process instanceof SystemdUnit unit && !unit.isActive().equals("active")) {
            return Check.failed("systemctl is-active " + host.target.unit() + " says " + unit.isActive());
        }
        HostProcess.Observation now = host.process.observe();
        return now.up() ? Check.ok(host.target.workingCopy() + " is at " + shortened(head) + "; " + host.process.name()
                + " is " + now.summary()) : Check.failed(host.process.name() + " is " + now.summary());
    }

    /**
     * Goes forward again: checks out what the step replaced (its branch when HEAD was on one that still points to the
     * recorded commit), installs and restarts, only while HEAD is where the step left it.
     */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("commit") instanceof String previous)
                || !(context.recorded("toCommit") instanceof String left)) {
            return Optional.empty();
        }
        Host host = new Host(context);
        String branch = context.recorded("branch") instanceof String b && previous.equals(host.git.commitOfBranch(b)) ? b
                : null;
        return Optional.of(moveTo(context, previous, branch, left, false));
    }
}
