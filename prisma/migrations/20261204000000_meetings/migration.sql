-- 会议 (spec 3.4, issue 13): meetings, their attendees and replies, and the room bookings that no two
-- approved meetings may share (an exclusion constraint: two racing bookings, one wins).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE "meeting" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT '协调会',
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "room_id" TEXT,
    "place" TEXT NOT NULL,
    "agenda" TEXT,
    "organizer_userid" TEXT NOT NULL,
    "host_userid" TEXT NOT NULL,
    "recorder_userid" TEXT,
    "department_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "conflict_note" TEXT,
    "conflict_confirmed_by" TEXT,
    "conflict_confirmed_at" TIMESTAMPTZ(3),
    "approved_by" TEXT,
    "approved_at" TIMESTAMPTZ(3),
    "notified_at" TIMESTAMPTZ(3),
    "venue_confirmed_at" TIMESTAMPTZ(3),
    "attendees_confirmed_at" TIMESTAMPTZ(3),
    "materials_confirmed_at" TIMESTAMPTZ(3),
    "minutes_due_at" TIMESTAMPTZ(3),
    "minutes" TEXT,
    "minutes_by" TEXT,
    "minutes_at" TIMESTAMPTZ(3),
    "minutes_signed_by" TEXT,
    "minutes_published_at" TIMESTAMPTZ(3),
    "closing_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meeting_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "meeting_state_check" CHECK ("state" IN ('requested', 'approved', 'notified', 'held', 'minutes_published', 'closed', 'rejected', 'cancelled')),
    CONSTRAINT "meeting_kind_check" CHECK ("kind" IN ('决策会', '协调会', '培训会')),
    CONSTRAINT "meeting_time_check" CHECK ("ends_at" > "starts_at")
);

CREATE TABLE "meeting_attendee" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "meeting_id" TEXT NOT NULL,
    "userid" TEXT NOT NULL,
    "department_id" TEXT,
    "reply" TEXT NOT NULL DEFAULT 'pending',
    "leave_reason" TEXT,
    "replied_at" TIMESTAMPTZ(3),
    "notified_at" TIMESTAMPTZ(3),
    "asked_again_at" TIMESTAMPTZ(3),
    "checked_in_at" TIMESTAMPTZ(3),

    CONSTRAINT "meeting_attendee_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "meeting_attendee_reply_check" CHECK ("reply" IN ('pending', 'attending', 'leave'))
);

CREATE TABLE "room_booking" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "meeting_id" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "during" tstzrange NOT NULL,
    "state" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "room_booking_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "room_booking_state_check" CHECK ("state" IN ('held', 'released')),
    CONSTRAINT "room_booking_no_overlap" EXCLUDE USING gist ("org_id" WITH =, "room_id" WITH =, "during" WITH &&) WHERE ("state" = 'held')
);

CREATE UNIQUE INDEX "meeting_org_id_ref_key" ON "meeting"("org_id", "ref");
CREATE INDEX "meeting_org_id_starts_at_idx" ON "meeting"("org_id", "starts_at");
CREATE INDEX "meeting_org_id_state_idx" ON "meeting"("org_id", "state");
CREATE UNIQUE INDEX "meeting_attendee_meeting_id_userid_key" ON "meeting_attendee"("meeting_id", "userid");
CREATE INDEX "meeting_attendee_org_id_userid_idx" ON "meeting_attendee"("org_id", "userid");
CREATE INDEX "room_booking_meeting_id_idx" ON "room_booking"("meeting_id");

ALTER TABLE "meeting" ADD CONSTRAINT "meeting_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "meeting_attendee" ADD CONSTRAINT "meeting_attendee_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "meeting_attendee" ADD CONSTRAINT "meeting_attendee_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "room_booking" ADD CONSTRAINT "room_booking_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "room_booking" ADD CONSTRAINT "room_booking_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "work_item" DROP CONSTRAINT "work_item_kind_check";
ALTER TABLE "work_item" ADD CONSTRAINT "work_item_kind_check" CHECK ("kind" IN ('approval', 'seal_use', 'reassign', 'task', 'task_helper', 'doc_proposal', 'doc_circulation', 'doc_reading', 'doc_feedback', 'doc_completion', 'doc_redraft', 'doc_distribution', 'doc_receipt', 'meeting_reply', 'meeting_conflict', 'meeting_checklist', 'meeting_minutes'));
