package io.rewind.decision.service;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.rewind.decision.Incident;
import io.rewind.decision.IncidentStatus;
import io.rewind.decision.engine.Criterion;
import io.rewind.decision.engine.Signals;

/**
 * Drafts the post-mortem from the incident's records, in seed 002's incident report template: every fact Rewind
 * knows is filled in; what only people know (root cause, lessons) is left as a marked prompt.
 */
public final class Postmortem {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String TO_WRITE = "_To be written by the incident lead._";

    private Postmortem() {
    }

    public static String markdown(TimelineService.Timeline timeline) {
        Incident i = timeline.incident();
        Signals s = i.signals;
        StringBuilder md = new StringBuilder();
        String release = s.release() == null ? "" : " " + nz(s.release().to());
        md.append("# Incident Report: ").append(i.service).append(release).append(" rollback\n\n");
        md.append("## Incident Summary\n");
        md.append("- **Title**: ").append(i.title).append('\n');
        md.append("- **Date**: ").append(TIME.format(i.detectedAt)).append(" UTC\n");
        md.append("- **Duration**: ").append(i.resolvedAt == null ? "ongoing (status " + i.status + ")"
                : human(Duration.between(i.detectedAt, i.resolvedAt)) + " from detection to verified rollback").append('\n');
        md.append("- **Severity**: ").append(s.severity() == null ? "not reported" : s.severity() + " (" + s.severity().label() + ")").append('\n');
        md.append("- **Services Affected**: ").append(i.service).append('\n');
        md.append("- **Users Impacted**: ").append(s.usersAffectedPercent() == null ? "not reported" : num(s.usersAffectedPercent()) + "%").append('\n');
        if (s.release() != null) {
            md.append("- **Release**: ").append(nz(s.release().from())).append(" → ").append(nz(s.release().to())).append('\n');
        }
        md.append('\n');

        md.append("## Timeline\n");
        md.append("| Time (UTC) | Source | Event |\n|---|---|---|\n");
        for (TimelineService.Entry e : timeline.entries()) {
            md.append("| ").append(TIME.format(e.at())).append(" | ").append(e.source()).append(" | ")
                    .append(cell(e.kind() + (e.actor() == null ? "" : " (" + e.actor() + ")") + ": " + e.detail())).append(" |\n");
        }
        for (String gap : timeline.gaps()) {
            md.append("\n> Not in this timeline: ").append(gap).append('\n');
        }
        md.append('\n');

        md.append("## Decision\n");
        md.append("- **Decision**: ").append(i.decision).append(" (policy v").append(i.policyVersion).append(")\n");
        md.append("- **Detected At**: ").append(TIME.format(i.detectedAt)).append(" UTC\n");
        md.append("- **Decision Made At**: ").append(TIME.format(i.decidedAt)).append(" UTC\n");
        md.append("- **Time Lost**: ").append(human(Duration.between(i.detectedAt, i.decidedAt))).append('\n');
        md.append("- **Rationale**: ").append(i.assessment.summary()).append('\n');
        md.append("- **Authorized By**: ").append(i.authorisedBy == null ? "nobody yet" : i.authorisedBy).append('\n');
        md.append("\n| Criterion | Value | Verdict | Reason |\n|---|---|---|---|\n");
        for (Criterion c : i.assessment.criteria()) {
            md.append("| ").append(c.name()).append(" | ").append(c.value() == null ? "" : cell(c.value() instanceof Double d ? num(d) : String.valueOf(c.value())))
                    .append(" | ").append(c.verdict()).append(" | ").append(cell(c.reason())).append(" |\n");
        }
        md.append('\n');

        md.append("## Issue Description\n").append(TO_WRITE).append("\n\n");
        md.append("## Root Cause\n").append(TO_WRITE).append("\n\n");

        md.append("## User Impact\n");
        md.append("- Users affected: ").append(s.usersAffectedPercent() == null ? "not reported" : num(s.usersAffectedPercent()) + "%").append('\n');
        if (s.errorRatePercent() != null) {
            md.append("- Error rate: ").append(num(s.errorRatePercent())).append('%')
                    .append(s.baselineErrorRatePercent() == null ? "" : " (baseline " + num(s.baselineErrorRatePercent()) + "%)").append('\n');
        }
        md.append("- Data impact: ").append(dataImpact(i)).append("\n\n");

        md.append("## Detection\n");
        md.append("- Detected ").append(i.source == Incident.Source.ANALYSIS ? "automatically by analysis " + i.analysisId
                : "and reported by " + i.reportedBy).append(" at ").append(TIME.format(i.detectedAt)).append(" UTC\n");
        md.append("- Why wasn't it caught earlier? ").append(TO_WRITE).append("\n\n");

        md.append("## Response\n");
        md.append("- Reported by: ").append(i.reportedBy).append('\n');
        md.append("- Approved by: ").append(i.authorisedBy == null ? "nobody" : i.authorisedBy).append('\n');
        if (timeline.execution() != null) {
            var x = timeline.execution();
            long failed = x.steps() == null ? 0 : x.steps().stream().filter(st -> "FAILED".equals(st.status())).count();
            md.append("- Rollback: execution ").append(x.id()).append(", ").append(x.steps() == null ? 0 : x.steps().size())
                    .append(" steps, ").append(failed).append(" failed, status ").append(x.status()).append('\n');
        }
        md.append('\n');

        md.append("## Resolution\n");
        boolean succeeded = timeline.execution() != null && "SUCCEEDED".equals(timeline.execution().status());
        md.append("- Rollback successful: ").append(i.status == IncidentStatus.ESCALATED
                ? "no: held for a human (" + i.dispatchError + ")"
                : timeline.execution() == null ? "no rollback ran" : succeeded ? "yes" : "no").append('\n');
        md.append("- Service restoration time: ").append(i.resolvedAt == null ? "not restored yet"
                : human(Duration.between(i.detectedAt, i.resolvedAt)) + " after detection").append('\n');
        md.append("- Verification completed: ").append(verification(timeline)).append("\n\n");

        md.append("## Lessons Learned\n### What Went Well\n- ").append(TO_WRITE).append("\n### What Went Wrong\n- ")
                .append(TO_WRITE).append("\n\n## Action Items\n| Action | Owner | Due Date |\n|---|---|---|\n| | | |\n");
        return md.toString();
    }

    private static String dataImpact(Incident i) {
        if (i.assessment.dataLossWindow() != null) {
            return "a restore loses up to " + human(i.assessment.dataLossWindow()) + " of writes";
        }
        Signals.DataMigration migration = i.signals.dataMigration();
        return migration == null ? "not reported" : "data migration " + migration + (Boolean.TRUE.equals(i.signals.dataCorruption())
                ? "; data corruption was reported" : "");
    }

    private static String verification(TimelineService.Timeline timeline) {
        if (timeline.execution() == null || timeline.execution().steps() == null) {
            return "no";
        }
        List<String> verified = timeline.execution().steps().stream()
                .filter(st -> st.kind() != null && st.kind().startsWith("verify.") && "SUCCEEDED".equals(st.status()))
                .map(step -> step.name() + " " + step.kind()).toList();
        return verified.isEmpty() ? "no verification step succeeded" : "yes (" + String.join(", ", verified) + ")";
    }

    private static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = d.toMinutes();
        return minutes < 120 ? minutes + " min " + (seconds % 60) + " s" : d.toHours() + " h " + (minutes % 60) + " min";
    }

    /** A measured number as people read it: at most two decimals (16.49, not 16.487964141756922). */
    private static String num(double v) {
        return io.rewind.common.metric.Numbers.format(v, 2);
    }

    private static String nz(String value) {
        return value == null ? "?" : value;
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
