-- The workflow kit's engine (issue 9): approvals in rounds of ordered steps, each held by one or
-- more people; work items (what waits on whom, since when, until when); links between items;
-- hand-over runs. Then the seal requests move onto it: their chains become approvals, their
-- decisions the holders' decisions, what waits on someone a work item.

-- CreateTable
CREATE TABLE "approval" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "item_ref" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'main',
    "requester_userid" TEXT NOT NULL,
    "department_id" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "state" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "approval_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "approval_state_check" CHECK ("state" IN ('open', 'approved', 'returned', 'rejected', 'cancelled'))
);

-- CreateTable
CREATE TABLE "approval_step" (
    "id" TEXT NOT NULL,
    "approval_id" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "approval_step_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "approval_step_mode_check" CHECK ("mode" IN ('sequential', 'parallel', 'any_of')),
    CONSTRAINT "approval_step_state_check" CHECK ("state" IN ('waiting', 'open', 'approved', 'returned', 'rejected', 'cancelled', 'given'))
);

-- CreateTable
CREATE TABLE "approval_holder" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "userid" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "comment" TEXT,

    CONSTRAINT "approval_holder_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "approval_holder_state_check" CHECK ("state" IN ('pending', 'approved', 'returned', 'rejected', 'closed', 'handed_over'))
);

-- CreateTable
CREATE TABLE "work_item" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "item_ref" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source_id" TEXT,
    "holder_userid" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'holder',
    "action" TEXT NOT NULL,
    "requester" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "planned_at" TIMESTAMPTZ(3),
    "since" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3),
    "done_at" TIMESTAMPTZ(3),
    "escalation_level" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "work_item_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "work_item_kind_check" CHECK ("kind" IN ('approval', 'seal_use', 'reassign')),
    CONSTRAINT "work_item_role_check" CHECK ("role" IN ('holder', 'helper'))
);

-- CreateTable
CREATE TABLE "item_link" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "from_ref" TEXT NOT NULL,
    "to_ref" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "item_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "handover_run" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "directory_version" TEXT NOT NULL,
    "ran_at" TIMESTAMPTZ(3) NOT NULL,
    "moved" INTEGER NOT NULL,

    CONSTRAINT "handover_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "approval_org_id_workflow_item_id_purpose_key" ON "approval"("org_id", "workflow", "item_id", "purpose");

-- CreateIndex
CREATE INDEX "approval_org_id_item_ref_idx" ON "approval"("org_id", "item_ref");

-- CreateIndex
CREATE UNIQUE INDEX "approval_step_approval_id_round_position_key" ON "approval_step"("approval_id", "round", "position");

-- One slot per step and person; a slot handed over may later come back to them as a new one.
CREATE UNIQUE INDEX "approval_holder_step_userid_key" ON "approval_holder"("step_id", "userid") WHERE "state" <> 'handed_over';

-- CreateIndex
CREATE INDEX "approval_holder_org_id_userid_state_idx" ON "approval_holder"("org_id", "userid", "state");

-- CreateIndex
CREATE INDEX "work_item_org_id_workflow_item_id_idx" ON "work_item"("org_id", "workflow", "item_id");

-- 我的待办: one person's open items, oldest first (a few rows of a large table).
CREATE INDEX "work_item_open_by_holder_idx" ON "work_item"("org_id", "holder_userid", "since") WHERE "done_at" IS NULL;

-- The overdue scan: open items with a due time, by due time.
CREATE INDEX "work_item_open_due_idx" ON "work_item"("org_id", "due_at") WHERE "done_at" IS NULL AND "due_at" IS NOT NULL;

-- One open work item per thing that waits (a holder's slot in a step, a keeper's use).
CREATE UNIQUE INDEX "work_item_open_source_key" ON "work_item"("kind", "source_id") WHERE "done_at" IS NULL;

-- CreateIndex
CREATE INDEX "handover_run_org_id_id_idx" ON "handover_run"("org_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "item_link_org_id_from_ref_to_ref_kind_key" ON "item_link"("org_id", "from_ref", "to_ref", "kind");

-- CreateIndex
CREATE INDEX "item_link_org_id_to_ref_idx" ON "item_link"("org_id", "to_ref");

-- AddForeignKey
ALTER TABLE "approval" ADD CONSTRAINT "approval_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "approval_step" ADD CONSTRAINT "approval_step_approval_id_fkey" FOREIGN KEY ("approval_id") REFERENCES "approval"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "approval_holder" ADD CONSTRAINT "approval_holder_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "approval_holder" ADD CONSTRAINT "approval_holder_step_id_fkey" FOREIGN KEY ("step_id") REFERENCES "approval_step"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "work_item" ADD CONSTRAINT "work_item_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "item_link" ADD CONSTRAINT "item_link_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "handover_run" ADD CONSTRAINT "handover_run_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---- Seal requests move onto the engine ----------------------------------------------------
-- Each request's chain becomes an approval with one sequential step per link; its decisions become
-- the holders' decisions; the step waiting for a decision, and an approved request waiting for the
-- keeper, become open work items; approval cards point at their holder instead of the step index.

INSERT INTO "approval" ("id", "org_id", "workflow", "item_id", "item_ref", "purpose", "requester_userid", "department_id", "round", "state", "created_at", "updated_at")
SELECT gen_random_uuid()::text, r.org_id, 'seal', r.id, r.ref, 'main', r.applicant_userid, r.department_id, 1,
       CASE
         WHEN r.state IN ('submitted', 'in_approval') THEN 'open'
         WHEN r.state = 'rejected' THEN 'rejected'
         WHEN r.state = 'cancelled' AND (SELECT count(*) FROM "seal_decision" d WHERE d.request_id = r.id AND d.decision = 'approved') < jsonb_array_length(r.chain) THEN 'cancelled'
         ELSE 'approved'
       END,
       r.created_at, r.updated_at
FROM "seal_request" r;

INSERT INTO "approval_step" ("id", "approval_id", "round", "position", "mode", "rule", "name", "state", "opened_at", "decided_at")
SELECT gen_random_uuid()::text, a.id, 1, (s.ord - 1)::int, 'sequential', s.elem->>'step',
       CASE s.elem->>'step' WHEN 'dept_head' THEN '部门负责人' WHEN 'dept_leader' THEN '分管校领导' WHEN 'principal' THEN '校长' WHEN 'office_director' THEN '办公室主任' WHEN 'role:office' THEN '综合办公室' ELSE '指定审批人' END,
       CASE
         WHEN d.decision = 'approved' THEN 'approved'
         WHEN d.decision = 'rejected' THEN 'rejected'
         WHEN r.state = 'in_approval' AND r.current_step = s.ord - 1 THEN 'open'
         WHEN r.state IN ('submitted', 'in_approval') THEN 'waiting'
         ELSE 'cancelled'
       END,
       CASE
         WHEN d.decision IS NOT NULL OR (r.state = 'in_approval' AND r.current_step = s.ord - 1)
           THEN COALESCE((SELECT p.decided_at FROM "seal_decision" p WHERE p.request_id = r.id AND p.step_index = s.ord - 2), r.created_at)
       END,
       d.decided_at
FROM "seal_request" r
JOIN "approval" a ON a.workflow = 'seal' AND a.item_id = r.id
CROSS JOIN LATERAL jsonb_array_elements(r.chain) WITH ORDINALITY AS s(elem, ord)
LEFT JOIN "seal_decision" d ON d.request_id = r.id AND d.step_index = s.ord - 1;

INSERT INTO "approval_holder" ("org_id", "step_id", "userid", "rule", "state", "decided_at", "decided_by", "comment")
SELECT r.org_id, st.id, s.elem->>'userId', s.elem->>'step',
       CASE
         WHEN d.decision = 'approved' THEN 'approved'
         WHEN d.decision = 'rejected' THEN 'rejected'
         WHEN st.state IN ('open', 'waiting') THEN 'pending'
         ELSE 'closed'
       END,
       d.decided_at, d.approver_userid, d.comment
FROM "seal_request" r
JOIN "approval" a ON a.workflow = 'seal' AND a.item_id = r.id
CROSS JOIN LATERAL jsonb_array_elements(r.chain) WITH ORDINALITY AS s(elem, ord)
JOIN "approval_step" st ON st.approval_id = a.id AND st.round = 1 AND st.position = s.ord - 1
LEFT JOIN "seal_decision" d ON d.request_id = r.id AND d.step_index = s.ord - 1;

-- What waits on whom, as 我的待办 shows it: 「Y2 用印审批｜陈浩（教务处）｜法人章 2份《…》｜…」, the
-- document's name cut at 24 characters as sealRequestSubject cuts it, due at the planned use.
INSERT INTO "work_item" ("org_id", "workflow", "item_id", "item_ref", "kind", "source_id", "holder_userid", "role", "action", "requester", "subject", "submitted_at", "planned_at", "since", "due_at")
SELECT r.org_id, 'seal', r.id, r.ref, 'approval', h.id::text, h.userid, 'holder', '用印审批',
       COALESCE(p.name, r.applicant_userid) || '（' || COALESCE(dep.name, r.department_id) || '）',
       r.seal_name || ' ' || r.copies || '份《' || CASE WHEN char_length(r.document) <= 24 THEN r.document ELSE left(r.document, 23) || '…' END || '》',
       r.created_at, r.planned_at, COALESCE(st.opened_at, r.updated_at), r.planned_at
FROM "seal_request" r
JOIN "approval" a ON a.workflow = 'seal' AND a.item_id = r.id
JOIN "approval_step" st ON st.approval_id = a.id AND st.state = 'open'
JOIN "approval_holder" h ON h.step_id = st.id AND h.state = 'pending'
LEFT JOIN "person" p ON p.org_id = r.org_id AND p.userid = r.applicant_userid
LEFT JOIN "department" dep ON dep.org_id = r.org_id AND dep.id = r.department_id;

-- The keeper's 待用印. A blocked request waits for its seal, not for the keeper (it was never in their
-- 我的待办, and 印章异常 takes it out): 印章恢复 opens its 待用印 again.
INSERT INTO "work_item" ("org_id", "workflow", "item_id", "item_ref", "kind", "source_id", "holder_userid", "role", "action", "requester", "subject", "submitted_at", "planned_at", "since", "due_at")
SELECT r.org_id, 'seal', r.id, r.ref, 'seal_use', r.id, r.keeper_userid, 'holder', '待用印',
       COALESCE(p.name, r.applicant_userid) || '（' || COALESCE(dep.name, r.department_id) || '）',
       r.seal_name || ' ' || r.copies || '份《' || CASE WHEN char_length(r.document) <= 24 THEN r.document ELSE left(r.document, 23) || '…' END || '》',
       r.created_at, r.planned_at, r.updated_at, r.planned_at
FROM "seal_request" r
LEFT JOIN "person" p ON p.org_id = r.org_id AND p.userid = r.applicant_userid
LEFT JOIN "department" dep ON dep.org_id = r.org_id AND dep.id = r.department_id
WHERE r.state = 'approved';

-- A seal approval card was sent for `in_approval:<step index>`; it is now sent for its holder.
UPDATE "card" c SET "sent_for_state" = 'approval:' || h.id
FROM "approval" a
JOIN "approval_step" st ON st.approval_id = a.id AND st.round = 1
JOIN "approval_holder" h ON h.step_id = st.id
WHERE c.workflow = 'seal' AND a.workflow = 'seal' AND c.item_id = a.item_id AND c.sent_for_state = 'in_approval:' || st.position;

-- The chain, the step index, the holder and the decisions now live in the engine's tables.
DROP TABLE "seal_decision";
DROP INDEX "seal_request_org_id_holder_userid_idx";
ALTER TABLE "seal_request" DROP COLUMN "chain", DROP COLUMN "current_step", DROP COLUMN "holder_userid";
