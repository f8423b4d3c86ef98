package io.rewind.decision.release;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.Release;
import io.rewind.decision.engine.Signals;
import io.rewind.decision.repository.ReleaseRepository;

/**
 * Links an incident to the release it happened after, and completes its signals from that release's record: the
 * incident of a report that names no release is the service's latest release's; a report naming a release
 * ({@code release.to}) is linked to the record of that version, if there is one. Signals the report gives are never
 * overwritten; those it leaves out are filled: {@code release} (from the last known good version to this one),
 * {@code dataMigration} (ADDITIVE counts as NONE: the previous version runs on the new schema), {@code featureFlagged},
 * {@code blueGreen} and {@code database}.
 */
@ApplicationScoped
public class ReleaseLinker {

    private final ReleaseRepository releases;

    public ReleaseLinker(ReleaseRepository releases) {
        this.releases = releases;
    }

    /** The signals completed from the linked release, and that release's id (null when there is none). */
    public record Linked(Signals signals, UUID releaseId) {
    }

    public Uni<Linked> link(Signals signals) {
        String version = signals.release() == null ? null : signals.release().to();
        if (signals.release() != null && version == null) {
            return Uni.createFrom().item(new Linked(signals, null));
        }
        return Panache.withSession(() -> version == null ? releases.latest(signals.service())
                : releases.latest(signals.service(), version))
                .map(release -> release == null ? new Linked(signals, null) : new Linked(complete(signals, release), release.id));
    }

    /** {@code signals} with what they leave out taken from {@code release}. */
    static Signals complete(Signals s, Release release) {
        Signals.Release versions = new Signals.Release(
                s.release() != null && s.release().from() != null ? s.release().from() : release.lastKnownGood, release.version);
        return new Signals(s.service(), versions, s.severity(), s.usersAffectedPercent(), s.timeToFixMinutes(),
                s.dataMigration() != null ? s.dataMigration() : dataMigration(release.migration), s.openIssues(),
                s.workaround(), s.errorRatePercent(), s.baselineErrorRatePercent(), s.latencyDegradationPercent(), s.crash(),
                s.dataCorruption(), s.securityBreach(), s.cosmetic(),
                s.featureFlagged() != null ? s.featureFlagged() : Boolean.valueOf(release.featureFlag != null),
                s.blueGreen() != null ? s.blueGreen() : Boolean.valueOf(release.blueGreen),
                s.database() != null ? s.database() : release.database);
    }

    static Signals.DataMigration dataMigration(Release.Migration migration) {
        return switch (migration) {
            case NONE, ADDITIVE -> Signals.DataMigration.NONE;
            case REVERSIBLE -> Signals.DataMigration.REVERSIBLE;
            case IRREVERSIBLE -> Signals.DataMigration.IRREVERSIBLE;
        };
    }
}
