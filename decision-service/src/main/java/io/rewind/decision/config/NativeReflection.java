package io.rewind.decision.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.common.metric.WebSource;
import io.rewind.common.problem.Problem;
import io.rewind.common.secret.SecretReference;
import io.rewind.decision.Policy;
import io.rewind.decision.analysis.AnalysisSpec;
import io.rewind.decision.engine.Assessment;
import io.rewind.decision.engine.Criterion;
import io.rewind.decision.engine.Signals;
import io.rewind.decision.rest.AnalysisResponse;
import io.rewind.decision.rest.IncidentResponse;
import io.rewind.decision.rest.MetricSourceRequest;
import io.rewind.decision.rest.MetricSourceResponse;
import io.rewind.decision.rest.PolicyResponse;
import io.rewind.decision.rest.TimelineResponse;
import io.rewind.decision.service.TimelineService;

/**
 * What Jackson reads and writes in a native executable without Quarkus seeing it at build time: common's exception
 * mappers build the problem+json body, which no resource method declares (without this it is written as {@code {}}),
 * and Hibernate's JSON mapper stores the JSON columns' types, which only entities name. Lists answer a page as
 * {@code RestResponse<List<T>>}: their item types are listed too rather than left to generic-type discovery.
 */
@RegisterForReflection(targets = {
        Problem.class, Problem.FieldError.class,
        Policy.class, Policy.ApprovalRule.class,
        Signals.class, Signals.Release.class,
        Assessment.class, Assessment.Approval.class, Assessment.Strategy.class, Assessment.Minutes.class, Criterion.class,
        AnalysisSpec.class, AnalysisSpec.Metric.class, AnalysisSpec.Baseline.class, AnalysisSpec.IncidentTemplate.class,
        AnalysisSpec.Provider.class, AnalysisSpec.WebProvider.class,
        WebSource.class, WebSource.Header.class, SecretReference.class, MetricSourceRequest.class,
        MetricSourceResponse.class, MetricSourceResponse.SecretStatus.class,
        IncidentResponse.class, IncidentResponse.DecisionRecord.class, IncidentResponse.ApprovalDue.class,
        IncidentResponse.ApprovalView.class, IncidentResponse.Rollback.class,
        AnalysisResponse.class, AnalysisResponse.MeasurementView.class, PolicyResponse.class,
        TimelineResponse.class, TimelineService.Entry.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
