package io.rewind.decision.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.common.metric.WebSource;
import io.rewind.common.problem.Problem;
import io.rewind.common.secret.SecretReference;
import io.rewind.decision.Policy;
import io.rewind.decision.alert.AlertmanagerPayload;
import io.rewind.decision.analysis.AnalysisSpec;
import io.rewind.decision.client.BackupJobViews;
import io.rewind.decision.engine.Assessment;
import io.rewind.decision.engine.Criterion;
import io.rewind.decision.engine.CriterionGroup;
import io.rewind.decision.engine.Signals;
import io.rewind.decision.notify.ChannelFilter;
import io.rewind.decision.notify.ChannelKind;
import io.rewind.decision.notify.ChannelSettings;
import io.rewind.decision.notify.Contact;
import io.rewind.decision.notify.EmailChannel;
import io.rewind.decision.notify.NotificationEvent;
import io.rewind.decision.notify.OnCallList;
import io.rewind.decision.notify.Recipients;
import io.rewind.decision.notify.SlackChannel;
import io.rewind.decision.notify.WebhookChannel;
import io.rewind.decision.rest.ChannelResponse;
import io.rewind.decision.rest.EscalationPolicyRequest;
import io.rewind.decision.rest.EscalationPolicyResponse;
import io.rewind.decision.rest.NotificationResponse;
import io.rewind.decision.rest.AnalysisResponse;
import io.rewind.decision.rest.IncidentResponse;
import io.rewind.decision.release.Preflight;
import io.rewind.decision.release.ReleaseSpec;
import io.rewind.decision.rest.MetricSourceRequest;
import io.rewind.decision.rest.MetricSourceResponse;
import io.rewind.decision.rest.PolicyResponse;
import io.rewind.decision.rest.ReleaseResponse;
import io.rewind.decision.rest.TimelineResponse;
import io.rewind.decision.service.NotificationService;
import io.rewind.decision.service.TimelineService;

/**
 * What Jackson reads and writes in a native executable without Quarkus seeing it at build time: common's exception
 * mappers build the problem+json body, which no resource method declares (without this it is written as {@code {}}),
 * and Hibernate's JSON mapper stores the JSON columns' types, which only entities name (a notification channel's
 * settings, an escalation policy's contacts). Lists answer a page as
 * {@code RestResponse<List<T>>}: their item types are listed too rather than left to generic-type discovery.
 */
@RegisterForReflection(targets = {
        Problem.class, Problem.FieldError.class,
        Policy.class, Policy.ApprovalRule.class,
        Signals.class, Signals.Release.class,
        Assessment.class, Assessment.Approval.class, Assessment.Strategy.class, Assessment.Minutes.class, Criterion.class,
        CriterionGroup.class, Assessment.StrategyKind.class,
        AnalysisSpec.class, AnalysisSpec.Metric.class, AnalysisSpec.Baseline.class, AnalysisSpec.IncidentTemplate.class,
        AnalysisSpec.Provider.class, AnalysisSpec.WebProvider.class,
        WebSource.class, WebSource.Header.class, SecretReference.class, MetricSourceRequest.class,
        MetricSourceResponse.class, MetricSourceResponse.SecretStatus.class,
        IncidentResponse.class, IncidentResponse.DecisionRecord.class, IncidentResponse.ApprovalDue.class,
        IncidentResponse.ApprovalView.class, IncidentResponse.Rollback.class,
        AnalysisResponse.class, AnalysisResponse.MeasurementView.class, PolicyResponse.class,
        TimelineResponse.class, TimelineService.Entry.class, IncidentResponse.ReleaseRef.class,
        ReleaseSpec.class, ReleaseResponse.class, Preflight.class, Preflight.Check.class,
        BackupJobViews.NewBackup.class, BackupJobViews.Backup.class, BackupJobViews.Verification.class,
        BackupJobViews.Phase.class,
        AlertmanagerPayload.class, AlertmanagerPayload.Alert.class, AlertmanagerPayload.Receipt.class,
        AlertmanagerPayload.Outcome.class,
        ChannelKind.class, NotificationEvent.class, ChannelSettings.class, SlackChannel.class,
        WebhookChannel.class, EmailChannel.class, EmailChannel.Tls.class, Contact.class, ChannelFilter.class, OnCallList.class,
        Recipients.class,
        NotificationService.ChannelDefinition.class, ChannelResponse.class, ChannelResponse.SecretStatus.class,
        EscalationPolicyRequest.class, EscalationPolicyResponse.class, NotificationResponse.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
