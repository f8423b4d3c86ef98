package io.rewind.decision.rest;

import java.time.Duration;
import java.util.List;

import io.rewind.common.Decision;
import io.rewind.decision.engine.Assessment;
import io.rewind.decision.engine.Criterion;
import io.rewind.decision.service.AssessmentService;

/** An assessment as the API shows it: the engine's answer and the policy version it applied. */
public record AssessmentResponse(String service, int policyVersion, Decision decision, Double impactScore,
        Assessment.Approval approval, Assessment.Strategy strategy, Duration dataLossWindow, String summary,
        List<Criterion> criteria, List<String> contradictions) {

    static AssessmentResponse from(AssessmentService.Scored scored) {
        Assessment a = scored.assessment();
        return new AssessmentResponse(scored.policy().service, scored.policy().version, a.decision(), a.impactScore(),
                a.approval(), a.strategy(), a.dataLossWindow(), a.summary(), a.criteria(),
                a.contradictions());
    }
}
