package io.rewind.executor.action;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/**
 * A Deployment's rollout history as kubectl reads it: the ReplicaSets it controls (by owner reference uid, not by labels,
 * so another Deployment's ReplicaSet with the same labels is never taken for history), each at the revision in its
 * {@code deployment.kubernetes.io/revision} annotation; a ReplicaSet rolled back to earlier also lists the revisions it
 * had before in {@code deployment.kubernetes.io/revision-history}.
 */
public final class Revisions {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";

    private Revisions() {
    }

    /** One ReplicaSet of the history. */
    public record Entry(long revision, List<Long> earlierRevisions, ReplicaSet replicaSet) {

        boolean answersTo(long wanted) {
            return revision == wanted || earlierRevisions.contains(wanted);
        }

        /** Whether this ReplicaSet's template ran as a quarantined revision, now or before. */
        public boolean isIn(Set<Long> quarantined) {
            return quarantined.contains(revision) || earlierRevisions.stream().anyMatch(quarantined::contains);
        }
    }

    /** The ReplicaSets controlled by {@code deployment} that carry a revision, oldest revision first. */
    public static List<Entry> of(Deployment deployment, List<ReplicaSet> candidates) {
        String uid = deployment.getMetadata().getUid();
        List<Entry> entries = new ArrayList<>();
        for (ReplicaSet rs : candidates) {
            if (!controlledBy(rs, uid)) {
                continue;
            }
            long revision = revision(rs);
            if (revision > 0) {
                entries.add(new Entry(revision, history(rs), rs));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::revision));
        return entries;
    }

    private static boolean controlledBy(ReplicaSet rs, String uid) {
        List<OwnerReference> owners = rs.getMetadata().getOwnerReferences();
        if (uid == null || owners == null) {
            return false;
        }
        return owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid()));
    }

    /** The revision annotation of a Deployment or ReplicaSet; 0 when it has none or it is not a number. */
    public static long revision(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(REVISION);
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<Long> history(ReplicaSet rs) {
        Map<String, String> annotations = rs.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(REVISION_HISTORY);
        List<Long> revisions = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                try {
                    revisions.add(Long.parseLong(part.trim()));
                } catch (NumberFormatException ignored) {
                    // kubectl ignores what it cannot read as well.
                }
            }
        }
        return revisions;
    }

    /**
     * The revision a Deployment is at: its own revision annotation, or the highest of its ReplicaSets' when it has none
     * (a Deployment created but never annotated by the controller yet).
     */
    public static long current(Deployment deployment, List<Entry> history) {
        long own = revision(deployment);
        if (own > 0) {
            return own;
        }
        return history.isEmpty() ? 0 : history.get(history.size() - 1).revision();
    }

    /**
     * The ReplicaSet to roll back to. With {@code toRevision}, the one at that revision or that had it before, unless it
     * is quarantined. Without, "previous": the highest revision below the current one that is not quarantined (a
     * ReplicaSet counts as quarantined when its revision or one of its earlier revisions is).
     *
     * @throws StepFailure when there is no history, no such revision, or only quarantined ones
     */
    public static Entry target(Deployment deployment, List<Entry> history, Long toRevision, Set<Long> quarantined) {
        String name = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
        if (toRevision != null) {
            Entry entry = history.stream().filter(e -> e.answersTo(toRevision)).findFirst()
                    .orElseThrow(() -> new StepFailure("unable to find revision " + toRevision + " in the history of Deployment "
                            + name + (history.isEmpty() ? " (it has no history)" : " (revisions: " + list(history) + ")")));
            if (entry.isIn(quarantined)) {
                throw new StepFailure("revision " + toRevision + " of Deployment " + name
                        + " is quarantined; release it from quarantine to roll back to it");
            }
            return entry;
        }
        if (history.size() <= 1) {
            return fail("no rollout history found for Deployment " + name
                    + (history.isEmpty() ? "" : ": it has only revision " + history.get(0).revision()));
        }
        long current = current(deployment, history);
        Entry previous = null;
        boolean skipped = false;
        for (Entry entry : history) {
            if (entry.revision() < current) {
                if (entry.isIn(quarantined)) {
                    skipped = true;
                } else {
                    previous = entry;
                }
            }
        }
        if (previous == null) {
            return fail("no " + (skipped ? "unquarantined " : "") + "revision before the current one (" + current
                    + ") in the history of Deployment " + name + " (revisions: " + list(history)
                    + (skipped ? "; quarantined: " + quarantined.stream().sorted().map(String::valueOf)
                            .reduce((a, b) -> a + ", " + b).orElse("") : "") + ")");
        }
        return previous;
    }

    private static Entry fail(String message) {
        throw new StepFailure(message);
    }

    private static String list(List<Entry> history) {
        return String.join(", ", history.stream().map(e -> String.valueOf(e.revision())).toList());
    }
}
