-- CreateTable
CREATE TABLE "organization" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "department" (
    "org_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "wecom_id" INTEGER,
    "head_userid" TEXT,
    "leader_userid" TEXT,
    "source" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "department_pkey" PRIMARY KEY ("org_id","id")
);

-- CreateTable
CREATE TABLE "person" (
    "org_id" TEXT NOT NULL,
    "userid" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "department_ids" TEXT[],
    "roles" TEXT[],
    "position" TEXT,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "person_pkey" PRIMARY KEY ("org_id","userid")
);

-- CreateTable
CREATE TABLE "inbound_event" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "msg_type" TEXT NOT NULL,
    "event" TEXT,
    "from_userid" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'accepted',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "inbound_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "to_userid" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "card_task_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "response_code" TEXT,
    "wecom_msgid" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "not_before" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "card" (
    "task_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "addressee_userid" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "item_ref" TEXT NOT NULL,
    "sent_for_state" TEXT NOT NULL,
    "response_code" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "answered_by" TEXT,
    "answered_at" TIMESTAMPTZ(3),
    "result_text" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "card_pkey" PRIMARY KEY ("task_id")
);

-- CreateTable
CREATE TABLE "conversation" (
    "org_id" TEXT NOT NULL,
    "userid" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "awaiting_field" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "conversation_pkey" PRIMARY KEY ("org_id","userid")
);

-- CreateTable
CREATE TABLE "counter" (
    "org_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "counter_pkey" PRIMARY KEY ("org_id","scope")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_userid" TEXT NOT NULL,
    "item_type" TEXT NOT NULL,
    "item_ref" TEXT,
    "action" TEXT NOT NULL,
    "from_state" TEXT,
    "to_state" TEXT,
    "comment" TEXT,
    "via" TEXT NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "department_org_id_wecom_id_key" ON "department"("org_id", "wecom_id");

-- CreateIndex
CREATE INDEX "person_org_id_name_idx" ON "person"("org_id", "name");

-- CreateIndex
CREATE INDEX "inbound_event_status_received_at_idx" ON "inbound_event"("status", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_event_org_id_dedupe_key_key" ON "inbound_event"("org_id", "dedupe_key");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_card_task_id_key" ON "outbox_message"("card_task_id");

-- CreateIndex
CREATE INDEX "outbox_message_status_not_before_idx" ON "outbox_message"("status", "not_before");

-- CreateIndex
CREATE INDEX "outbox_message_org_id_to_userid_created_at_idx" ON "outbox_message"("org_id", "to_userid", "created_at");

-- CreateIndex
CREATE INDEX "card_org_id_workflow_item_id_idx" ON "card"("org_id", "workflow", "item_id");

-- CreateIndex
CREATE INDEX "card_org_id_addressee_userid_status_idx" ON "card"("org_id", "addressee_userid", "status");

-- CreateIndex
CREATE INDEX "audit_log_org_id_item_type_item_ref_at_idx" ON "audit_log"("org_id", "item_type", "item_ref", "at");

-- AddForeignKey
ALTER TABLE "department" ADD CONSTRAINT "department_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only: refuse UPDATE, DELETE and TRUNCATE at the database itself.
CREATE FUNCTION "refuse_audit_log_change"() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_log_append_only"
    BEFORE UPDATE OR DELETE ON "audit_log"
    FOR EACH ROW EXECUTE FUNCTION "refuse_audit_log_change"();

CREATE TRIGGER "audit_log_no_truncate"
    BEFORE TRUNCATE ON "audit_log"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_log_change"();
