-- CreateTable
CREATE TABLE "seal_request" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "applicant_userid" TEXT NOT NULL,
    "department_id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "copies" INTEGER NOT NULL,
    "seal_id" TEXT NOT NULL,
    "seal_name" TEXT NOT NULL,
    "planned_at" TIMESTAMPTZ(3),
    "related_ref" TEXT,
    "state" TEXT NOT NULL,
    "chain" JSONB NOT NULL,
    "current_step" INTEGER NOT NULL DEFAULT 0,
    "holder_userid" TEXT,
    "stamped_copies" INTEGER,
    "keeper_userid" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "closing_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "seal_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seal_decision" (
    "id" BIGSERIAL NOT NULL,
    "request_id" TEXT NOT NULL,
    "step_index" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "approver_userid" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "seal_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seal_suspension" (
    "org_id" TEXT NOT NULL,
    "seal_id" TEXT NOT NULL,
    "is_suspended" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "changed_by" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "seal_suspension_pkey" PRIMARY KEY ("org_id","seal_id")
);

-- CreateTable
CREATE TABLE "seal_register" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "request_ref" TEXT NOT NULL,
    "seal_id" TEXT NOT NULL,
    "seal_name" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "copies" INTEGER NOT NULL,
    "applicant_userid" TEXT NOT NULL,
    "approver_userids" TEXT NOT NULL,
    "keeper_userid" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3) NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "seal_register_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "seal_request_org_id_state_idx" ON "seal_request"("org_id", "state");

-- CreateIndex
CREATE INDEX "seal_request_org_id_seal_id_state_idx" ON "seal_request"("org_id", "seal_id", "state");

-- CreateIndex
CREATE INDEX "seal_request_org_id_applicant_userid_idx" ON "seal_request"("org_id", "applicant_userid");

-- CreateIndex
CREATE INDEX "seal_request_org_id_holder_userid_idx" ON "seal_request"("org_id", "holder_userid");

-- CreateIndex
CREATE UNIQUE INDEX "seal_request_org_id_ref_key" ON "seal_request"("org_id", "ref");

-- CreateIndex
CREATE UNIQUE INDEX "seal_decision_request_id_step_index_key" ON "seal_decision"("request_id", "step_index");

-- CreateIndex
CREATE UNIQUE INDEX "seal_register_org_id_seq_key" ON "seal_register"("org_id", "seq");

-- AddForeignKey
ALTER TABLE "seal_decision" ADD CONSTRAINT "seal_decision_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "seal_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The seal register is append-only, like the audit log (see the foundation migration).
CREATE TRIGGER "seal_register_append_only"
    BEFORE UPDATE OR DELETE ON "seal_register"
    FOR EACH ROW EXECUTE FUNCTION "refuse_audit_log_change"();

CREATE TRIGGER "seal_register_no_truncate"
    BEFORE TRUNCATE ON "seal_register"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_log_change"();
