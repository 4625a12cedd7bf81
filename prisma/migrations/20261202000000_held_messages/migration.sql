-- Messages the system times on its own (spec 4: reminders, heads-ups, escalations, 催办, the
-- personal digest), held until they may go: never 22:00–07:00 or on a day that does not count,
-- merged per person, at most 3 a working day. releaseHeldMessages (src/kit/system-messages/) moves
-- them to the outbox; direct replies never come here.
CREATE TABLE "held_message" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "to_userid" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "released_at" TIMESTAMPTZ(3),
    "released_day" TEXT,
    "day_seq" INTEGER,

    CONSTRAINT "held_message_pkey" PRIMARY KEY ("id")
);

-- what a release reads: due and unreleased, per organisation
CREATE INDEX "held_message_due_idx" ON "held_message"("org_id", "not_before") WHERE "released_at" IS NULL;
-- how many system messages a person already got on a day (the cap of 3)
CREATE INDEX "held_message_released_day_idx" ON "held_message"("org_id", "to_userid", "released_day") WHERE "released_at" IS NOT NULL;

ALTER TABLE "held_message" ADD CONSTRAINT "held_message_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
