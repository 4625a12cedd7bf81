-- 超时提醒 and 催办 (spec 4, issue 11): what the scans have planned, one row per work item, level,
-- occasion and recipient. The unique key is the dedupe: a reminder is planned once per working day
-- per level, a heads-up once per deadline, a 催办 once per period, however often (or however many
-- processes) the scan runs.
CREATE TABLE "reminder_log" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "work_item_id" BIGINT NOT NULL,
    "level" TEXT NOT NULL,
    "occasion" TEXT NOT NULL,
    "recipient_userid" TEXT NOT NULL,
    "planned_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reminder_log_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "reminder_log_level_check" CHECK ("level" IN ('heads_up', 'holder', 'head', 'leader', 'director', 'approval'))
);

CREATE UNIQUE INDEX "reminder_log_once_key" ON "reminder_log"("work_item_id", "level", "occasion", "recipient_userid");

ALTER TABLE "reminder_log" ADD CONSTRAINT "reminder_log_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
