package io.rewind.decision.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.rewind.decision.Analysis;
import io.rewind.decision.Measurement;
import io.rewind.decision.analysis.AnalysisSpec;
import io.rewind.decision.analysis.Judge;

/** An analysis, its phase and why, and its measurements oldest first. */
public record AnalysisResponse(UUID id, String service, Judge.RunPhase phase, String message, int roundsTaken,
        OffsetDateTime startedAt, OffsetDateTime endedAt, OffsetDateTime nextMeasurementAt, UUID incidentId,
        Map<String, Double> baselines, AnalysisSpec spec, List<MeasurementView> measurements) {

    public record MeasurementView(String metric, int round, Judge.MeasurementPhase phase, Double value, Double baseline,
            String message, OffsetDateTime takenAt) {
    }

    static AnalysisResponse from(Analysis a, List<Measurement> measurements) {
        return new AnalysisResponse(a.id, a.service, a.phase, a.message, a.roundsTaken, a.startedAt, a.endedAt,
                a.nextMeasurementAt, a.incidentId, a.baselines, a.spec, measurements.stream()
                        .map(m -> new MeasurementView(m.metric, m.round, m.phase, m.value, m.baseline, m.message, m.takenAt))
                        .toList());
    }
}
