package io.rewind.executor.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.rewind.common.metric.WebSource;
import io.rewind.common.problem.Problem;
import io.rewind.common.secret.SecretReference;
import io.rewind.executor.Plan;
import io.rewind.executor.Step;
import io.rewind.executor.action.Pm2Process;
import io.rewind.executor.rest.ExecutionSummary;
import io.rewind.executor.rest.PlanSummary;
import io.rewind.executor.rest.TargetResponse;
import io.rewind.executor.service.DeploymentHistoryService;
import io.rewind.executor.service.TargetService;

/**
 * What Jackson reads and writes in a native executable without Quarkus seeing it at build time: common's exception
 * mappers build the problem+json body, which no resource method declares (without this it is written as {@code {}}),
 * and Hibernate's JSON mapper stores a plan's steps in one JSON column whose wrapper record only the entity names. A
 * target's secret statuses sit inside its response, and the targets file is read into definitions outside any resource.
 * List endpoints answer a page as {@code RestResponse<List<T>>} (and the deployment history its revisions inside one):
 * their item types are listed too rather than left to generic-type discovery. A web target's spec is read into
 * common's {@code WebSource}. A host target's {@code pm2 jlist} is read into {@code Pm2Process.Entry}.
 */
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class, Plan.Steps.class, Step.class,
        TargetService.Definition.class, TargetResponse.SecretStatus.class, SecretReference.class, TargetResponse.class,
        ExecutionSummary.class, PlanSummary.class, DeploymentHistoryService.History.class,
        DeploymentHistoryService.Revision.class, WebSource.class, WebSource.Header.class,
        Pm2Process.Entry.class, Pm2Process.Entry.Env.class })
final class NativeReflection {

    private NativeReflection() {
    }
}
