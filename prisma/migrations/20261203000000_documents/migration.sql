-- 公文 (spec 3.2, 3.3, issue 12): incoming documents (收文) and their circulation, outgoing documents
-- (发文) and their distribution, the files that travel with both, and document search (pg_trgm).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE "incoming_document" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "incoming_number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sender_org" TEXT NOT NULL,
    "sender_number" TEXT,
    "copies" INTEGER NOT NULL DEFAULT 1,
    "secrecy" TEXT NOT NULL DEFAULT '普通',
    "urgency" TEXT NOT NULL DEFAULT '平件',
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "deadline_at" TIMESTAMPTZ(3),
    "registered_by" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "lead_department_id" TEXT,
    "handling_due_at" TIMESTAMPTZ(3),
    "risk_note" TEXT,
    "proposal_leader_userid" TEXT,
    "proposed_by" TEXT,
    "proposed_at" TIMESTAMPTZ(3),
    "instruction" TEXT,
    "approved_by" TEXT,
    "approved_at" TIMESTAMPTZ(3),
    "circulation_started_at" TIMESTAMPTZ(3),
    "feedback_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "completed_by" TEXT,
    "result" TEXT,
    "archive_code" TEXT,
    "archive_category" TEXT,
    "retention" TEXT,
    "archived_at" TIMESTAMPTZ(3),
    "closing_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incoming_document_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "incoming_document_state_check" CHECK ("state" IN ('registered', 'proposed', 'returned', 'handling', 'completed', 'archived', 'cancelled')),
    CONSTRAINT "incoming_document_secrecy_check" CHECK ("secrecy" IN ('普通', '秘密', '机密')),
    CONSTRAINT "incoming_document_urgency_check" CHECK ("urgency" IN ('特急', '加急', '平件')),
    CONSTRAINT "incoming_document_retention_check" CHECK ("retention" IN ('永久', '30年', '10年'))
);

CREATE TABLE "document_reading" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "reader_userid" TEXT NOT NULL,
    "department_id" TEXT,
    "sent_by" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "file_version" INTEGER,

    CONSTRAINT "document_reading_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "document_note" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "item_ref" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "author_userid" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "document_note_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "document_note_kind_check" CHECK ("kind" IN ('proposal', 'instruction', 'returned', 'feedback', 'completion', 'review', 'cosign', 'signoff'))
);

CREATE TABLE "outgoing_document" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "series_id" TEXT NOT NULL,
    "subject_words" TEXT,
    "cosign_department_ids" TEXT[],
    "signoff_leader_userid" TEXT NOT NULL,
    "main_to" TEXT,
    "copy_to" TEXT,
    "attachments" TEXT,
    "effective_at" TIMESTAMPTZ(3),
    "urgency" TEXT NOT NULL DEFAULT '平件',
    "secrecy" TEXT NOT NULL DEFAULT '普通',
    "print_copies" INTEGER NOT NULL DEFAULT 1,
    "drafter_userid" TEXT NOT NULL,
    "department_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "issue_due_at" TIMESTAMPTZ(3) NOT NULL,
    "reviewed_by" TEXT,
    "signed_by" TEXT,
    "signed_at" TIMESTAMPTZ(3),
    "document_number" TEXT,
    "number_scope" TEXT,
    "number_seq" INTEGER,
    "seal_request_ref" TEXT,
    "distributed_at" TIMESTAMPTZ(3),
    "archive_code" TEXT,
    "archive_category" TEXT,
    "retention" TEXT,
    "archived_at" TIMESTAMPTZ(3),
    "closing_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outgoing_document_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "outgoing_document_state_check" CHECK ("state" IN ('drafting', 'reviewing', 'cosigning', 'awaiting_signoff', 'returned', 'issued', 'sealing', 'distributed', 'archived', 'cancelled')),
    CONSTRAINT "outgoing_document_secrecy_check" CHECK ("secrecy" IN ('普通', '秘密', '机密')),
    CONSTRAINT "outgoing_document_urgency_check" CHECK ("urgency" IN ('特急', '加急', '平件')),
    CONSTRAINT "outgoing_document_retention_check" CHECK ("retention" IN ('永久', '30年', '10年'))
);

CREATE TABLE "document_distribution" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "recipient_userid" TEXT NOT NULL,
    "department_id" TEXT,
    "copy_kind" TEXT NOT NULL,
    "sent_by" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "document_distribution_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "document_distribution_copy_kind_check" CHECK ("copy_kind" IN ('main', 'copy'))
);

CREATE TABLE "document_file" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "item_ref" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "document_file_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "document_file_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$')
);

CREATE TABLE "expected_file" (
    "org_id" TEXT NOT NULL,
    "userid" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "item_ref" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "expected_file_pkey" PRIMARY KEY ("org_id", "userid")
);

CREATE UNIQUE INDEX "incoming_document_org_id_ref_key" ON "incoming_document"("org_id", "ref");
CREATE UNIQUE INDEX "incoming_document_org_id_incoming_number_key" ON "incoming_document"("org_id", "incoming_number");
CREATE INDEX "incoming_document_org_id_state_idx" ON "incoming_document"("org_id", "state");
CREATE INDEX "incoming_document_org_id_received_at_idx" ON "incoming_document"("org_id", "received_at");
CREATE INDEX "incoming_document_title_trgm_idx" ON "incoming_document" USING GIN ("title" gin_trgm_ops);
CREATE INDEX "incoming_document_sender_org_trgm_idx" ON "incoming_document" USING GIN ("sender_org" gin_trgm_ops);
CREATE INDEX "incoming_document_sender_number_trgm_idx" ON "incoming_document" USING GIN ("sender_number" gin_trgm_ops);
CREATE UNIQUE INDEX "document_reading_document_id_reader_userid_key" ON "document_reading"("document_id", "reader_userid");
CREATE INDEX "document_note_org_id_item_ref_at_idx" ON "document_note"("org_id", "item_ref", "at");
CREATE UNIQUE INDEX "outgoing_document_org_id_ref_key" ON "outgoing_document"("org_id", "ref");
CREATE UNIQUE INDEX "outgoing_document_org_id_document_number_key" ON "outgoing_document"("org_id", "document_number");
CREATE INDEX "outgoing_document_org_id_state_idx" ON "outgoing_document"("org_id", "state");
CREATE INDEX "outgoing_document_org_id_created_at_idx" ON "outgoing_document"("org_id", "created_at");
CREATE INDEX "outgoing_document_title_trgm_idx" ON "outgoing_document" USING GIN ("title" gin_trgm_ops);
CREATE INDEX "outgoing_document_document_number_trgm_idx" ON "outgoing_document" USING GIN ("document_number" gin_trgm_ops);
CREATE UNIQUE INDEX "document_distribution_document_id_recipient_userid_key" ON "document_distribution"("document_id", "recipient_userid");
CREATE UNIQUE INDEX "document_file_org_id_item_ref_version_key" ON "document_file"("org_id", "item_ref", "version");

ALTER TABLE "incoming_document" ADD CONSTRAINT "incoming_document_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "document_reading" ADD CONSTRAINT "document_reading_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "document_reading" ADD CONSTRAINT "document_reading_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "incoming_document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "document_note" ADD CONSTRAINT "document_note_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "outgoing_document" ADD CONSTRAINT "outgoing_document_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "document_distribution" ADD CONSTRAINT "document_distribution_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "document_distribution" ADD CONSTRAINT "document_distribution_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "outgoing_document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "document_file" ADD CONSTRAINT "document_file_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "expected_file" ADD CONSTRAINT "expected_file_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- which version of the document's file a decision saw (spec: each decision records it)
ALTER TABLE "approval_holder" ADD COLUMN "file_version" INTEGER;

ALTER TABLE "outbox_message" DROP CONSTRAINT "outbox_message_kind_check";
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_kind_check" CHECK ("kind" IN ('text', 'markdown', 'template_card', 'update_template_card', 'failure_notice', 'file'));

ALTER TABLE "work_item" DROP CONSTRAINT "work_item_kind_check";
ALTER TABLE "work_item" ADD CONSTRAINT "work_item_kind_check" CHECK ("kind" IN ('approval', 'seal_use', 'reassign', 'task', 'task_helper', 'doc_proposal', 'doc_circulation', 'doc_reading', 'doc_feedback', 'doc_completion', 'doc_redraft', 'doc_distribution', 'doc_receipt'));
