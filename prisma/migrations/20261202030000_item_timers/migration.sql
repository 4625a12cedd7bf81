-- Item timers (spec 4, issue 11 item 4): a timer that belongs to an item (a meeting's notice and
-- reminders, minutes due, 三个确认) is a row with a due time, written, moved and cancelled in the
-- item's own transaction and fired by the tick against the service's clock — so a reschedule moves
-- it and the demo clock fires it, which a BullMQ delay on real time could do neither.
CREATE TABLE "item_timer" (
    "id" BIGSERIAL NOT NULL,
    "org_id" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "item_ref" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "fired_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),

    CONSTRAINT "item_timer_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "item_timer_org_id_workflow_item_id_idx" ON "item_timer"("org_id", "workflow", "item_id");
-- the tick reads only what is due and still pending
CREATE INDEX "item_timer_pending_due_idx" ON "item_timer"("org_id", "due_at") WHERE "fired_at" IS NULL AND "cancelled_at" IS NULL;

ALTER TABLE "item_timer" ADD CONSTRAINT "item_timer_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
