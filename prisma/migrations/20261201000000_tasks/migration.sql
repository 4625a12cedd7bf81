-- 督办事项 (spec 3.5, issue 10): tasks, their notes, their extension requests; work items for a
-- task's owner ('task') and its helpers ('task_helper').
CREATE TABLE "task" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "acceptance" TEXT,
    "owner_userid" TEXT NOT NULL,
    "department_id" TEXT NOT NULL,
    "helper_userids" TEXT[],
    "assigner_userid" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "source_kind" TEXT NOT NULL,
    "source_ref" TEXT,
    "source_label" TEXT NOT NULL,
    "secrecy" TEXT NOT NULL DEFAULT '普通',
    "state" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "first_due_at" TIMESTAMPTZ(3) NOT NULL,
    "done_at" TIMESTAMPTZ(3),
    "completion_note" TEXT,
    "verified_at" TIMESTAMPTZ(3),
    "verified_by" TEXT,
    "closing_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "task_state_check" CHECK ("state" IN ('open', 'in_progress', 'done', 'verified', 'cancelled')),
    CONSTRAINT "task_source_kind_check" CHECK ("source_kind" IN ('assigned', 'meeting', 'document')),
    CONSTRAINT "task_secrecy_check" CHECK ("secrecy" IN ('普通', '秘密', '机密'))
);

CREATE TABLE "task_note" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "task_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "author_userid" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_note_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "task_note_kind_check" CHECK ("kind" IN ('progress', 'completion', 'returned'))
);

CREATE TABLE "task_extension" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "task_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "from_due_at" TIMESTAMPTZ(3) NOT NULL,
    "to_due_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "answer" TEXT,

    CONSTRAINT "task_extension_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "task_extension_state_check" CHECK ("state" IN ('pending', 'agreed', 'refused', 'withdrawn'))
);

CREATE UNIQUE INDEX "task_org_id_ref_key" ON "task"("org_id", "ref");
CREATE INDEX "task_org_id_state_idx" ON "task"("org_id", "state");
CREATE INDEX "task_org_id_owner_userid_idx" ON "task"("org_id", "owner_userid");
CREATE INDEX "task_org_id_due_at_idx" ON "task"("org_id", "due_at");
CREATE INDEX "task_org_id_created_at_idx" ON "task"("org_id", "created_at");
CREATE INDEX "task_note_task_id_at_idx" ON "task_note"("task_id", "at");
CREATE UNIQUE INDEX "task_extension_task_id_seq_key" ON "task_extension"("task_id", "seq");

ALTER TABLE "task" ADD CONSTRAINT "task_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "task_note" ADD CONSTRAINT "task_note_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "task_extension" ADD CONSTRAINT "task_extension_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "work_item" DROP CONSTRAINT "work_item_kind_check";
ALTER TABLE "work_item" ADD CONSTRAINT "work_item_kind_check" CHECK ("kind" IN ('approval', 'seal_use', 'reassign', 'task', 'task_helper'));
