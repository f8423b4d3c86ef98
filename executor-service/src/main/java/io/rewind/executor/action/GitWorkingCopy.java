package io.rewind.executor.action;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.rewind.executor.target.HostTarget;

/**
 * The Git working copy of a {@code host} target, through the target's git binary. Tags are read as they are in the
 * working copy: nothing is fetched, so a release must have been fetched (deployed) there before it can be gone back to.
 */
final class GitWorkingCopy {

    /** Shown in refusals: the newest tags, not a history of hundreds. */
    private static final int TAGS_SHOWN = 10;

    private final HostRunner runner;
    private final HostTarget target;

    GitWorkingCopy(HostRunner runner) {
        this.runner = runner;
        this.target = runner.target();
    }

    String directory() {
        return target.workingCopy();
    }

    private List<String> git(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(target.gitBinary());
        argv.addAll(Arrays.asList(args));
        return argv;
    }

    /** The commit checked out now; a {@link StepFailure} when the directory is missing or not a working copy. */
    String head() {
        if (!Files.isDirectory(Path.of(directory()))) {
            throw new StepFailure("error: working copy " + directory() + " does not exist (target's spec.workingCopy)");
        }
        Programs.Result result = runner.run(git("rev-parse", "--verify", "HEAD^{commit}"));
        if (!result.ok()) {
            throw new StepFailure("error: " + directory() + " is not a Git working copy with a commit checked out: "
                    + result.said());
        }
        return result.out().strip();
    }

    /** The branch checked out, or null when HEAD is detached (as it is at a tag). */
    String branch() {
        Programs.Result result = runner.run(git("symbolic-ref", "--quiet", "--short", "HEAD"));
        return result.ok() ? result.out().strip() : null;
    }

    /** The tags the target allows, oldest first in version order ({@code v1.9} before {@code v1.10}). */
    List<String> tags() {
        return runner.require(git("tag", "--list", "--sort=version:refname"), "listing the tags of " + directory())
                .out().lines().map(String::strip).filter(t -> !t.isEmpty()).filter(target::allows).toList();
    }

    /** The newest allowed tag on {@code commit}, or null; {@code tags} as {@link #tags()} gave them. */
    String tagAt(String commit, List<String> tags) {
        Set<String> there = Set.copyOf(runner.require(git("tag", "--points-at", commit), "reading the tags of " + commit)
                .out().lines().map(String::strip).toList());
        String newest = null;
        for (String tag : tags) {
            if (there.contains(tag)) {
                newest = tag;
            }
        }
        return newest;
    }

    /** The commit a tag points to (through an annotated tag). */
    String commitOf(String tag) {
        return runner.require(git("rev-parse", "--verify", "refs/tags/" + tag + "^{commit}"), "reading tag " + tag)
                .out().strip();
    }

    /** The commit a local branch points to, or null when there is no such branch any more. */
    String commitOfBranch(String branch) {
        Programs.Result result = runner.run(git("rev-parse", "--verify", "--quiet", "refs/heads/" + branch + "^{commit}"));
        return result.ok() ? result.out().strip() : null;
    }

    /**
     * The tracked files with changes not committed, staged or not. Untracked files are not counted: a build writes
     * them ({@code node_modules}, ignored or not), and one that a checkout would overwrite makes git refuse anyway.
     */
    List<String> changedFiles() {
        String out = runner.require(git("status", "--porcelain=v1", "-z", "--untracked-files=no"),
                "reading the status of " + directory()).out();
        List<String> files = new ArrayList<>();
        String[] entries = out.split("\0");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            if (entry.length() > 3) {
                files.add(entry.substring(3));
                if (entry.charAt(0) == 'R' || entry.charAt(0) == 'C') {
                    i++; // the path it was renamed or copied from
                }
            }
        }
        return files;
    }

    /** A {@link StepFailure} naming the changed files when the working copy has uncommitted changes. */
    void refuseDirty() {
        List<String> changed = changedFiles();
        if (!changed.isEmpty()) {
            throw new StepFailure("error: working copy " + directory() + " has local changes to "
                    + String.join(", ", changed.subList(0, Math.min(changed.size(), 20)))
                    + (changed.size() > 20 ? " and " + (changed.size() - 20) + " more files" : "")
                    + "; commit or discard them first: nothing was changed");
        }
    }

    /** A refusal for {@code tag}, which the working copy does not have among {@code tags}. */
    StepFailure unknownTag(String tag, List<String> tags) {
        List<String> newest = tags.subList(Math.max(0, tags.size() - TAGS_SHOWN), tags.size());
        return new StepFailure("error: tag '" + tag + "' not found in " + directory() + " (" + target.tagsPhrase() + ": "
                + (tags.isEmpty() ? "none" : (tags.size() > TAGS_SHOWN ? "..., " : "") + String.join(", ", newest))
                + "); tags are not fetched: a release must be in the working copy to go back to it");
    }

    /** How {@link #checkout} checks out {@code commit}, or {@code branch} when it is given. */
    List<String> checkoutCommand(String commit, String branch) {
        return branch != null ? git("checkout", "--quiet", branch, "--") : git("checkout", "--quiet", "--detach", commit, "--");
    }

    void checkout(String commit, String branch) {
        runner.require(checkoutCommand(commit, branch), "checking out " + (branch != null ? branch : commit)
                + " in " + directory());
    }
}
