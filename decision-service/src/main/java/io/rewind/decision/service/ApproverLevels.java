package io.rewind.decision.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.common.ApprovalLevel;
import io.rewind.decision.config.DecisionConfig;

/** Which approver may sign off which level: team leads may sign everything, other approvers on-call decisions. */
@ApplicationScoped
public class ApproverLevels {

    private final Map<String, ApprovalLevel> levels = new HashMap<>();

    public ApproverLevels(DecisionConfig config) {
        for (String entry : config.approverLevels().orElse(List.of())) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("rewind.decision.approver-levels: each entry is keyName:LEVEL, got '" + entry + "'");
            }
            levels.put(parts[0].trim(), ApprovalLevel.valueOf(parts[1].trim()));
        }
    }

    public ApprovalLevel levelOf(String approver) {
        return levels.getOrDefault(approver, ApprovalLevel.ON_CALL_LEAD);
    }

    public boolean mayApprove(String approver, ApprovalLevel required) {
        return levelOf(approver).compareTo(required) >= 0;
    }
}
