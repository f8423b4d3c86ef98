-- The decided strategy runs: a policy maps each rollback strategy of seed 002 to the executor-service plan that carries
-- it out (rules.plans), and an incident records the strategy and the plan chosen for it when it is decided.
--
-- A stored policy's single rollbackPlan was run for every strategy; it becomes the plan of every strategy, so what a
-- team configured keeps running until it maps each strategy to its own plan. Immediate triggers were approved by the
-- severity's approver in those versions, and still are (immediateRollbackWithoutApproval keeps its stored value).
UPDATE policy_versions
SET rules = (rules - 'rollbackPlan') || jsonb_build_object('plans',
        CASE WHEN jsonb_typeof(rules -> 'rollbackPlan') = 'string' THEN jsonb_build_object(
                'REVERT_DEPLOYMENT', rules -> 'rollbackPlan', 'BLUE_GREEN_SWITCHBACK', rules -> 'rollbackPlan',
                'FEATURE_FLAG_DISABLE', rules -> 'rollbackPlan', 'DATABASE_ROLLBACK', rules -> 'rollbackPlan',
                'FULL_SYSTEM', rules -> 'rollbackPlan')
             ELSE '{}'::jsonb END)
WHERE NOT rules ? 'plans';

ALTER TABLE incidents ADD COLUMN strategy TEXT CHECK (strategy IN ('REVERT_DEPLOYMENT', 'BLUE_GREEN_SWITCHBACK',
    'FEATURE_FLAG_DISABLE', 'DATABASE_ROLLBACK', 'FULL_SYSTEM'));
ALTER TABLE incidents ADD COLUMN plan_name TEXT;
