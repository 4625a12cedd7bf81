-- Schedule runs (issue 11): one row per organisation, schedule and period, claimed with
-- INSERT … ON CONFLICT DO NOTHING in the run's own transaction, so a period runs exactly once
-- however many worker processes receive its job (src/schedules/run-schedule.ts).
CREATE TABLE "schedule_run" (
    "org_id" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "period_key" TEXT NOT NULL,
    "scheduled_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "is_late" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "schedule_run_pkey" PRIMARY KEY ("org_id", "schedule", "period_key"),
    CONSTRAINT "schedule_run_schedule_check" CHECK ("schedule" IN ('weekly_brief', 'daily_seal_summary', 'overdue_scan', 'personal_digest', 'approval_reminders', 'timer_tick'))
);

CREATE INDEX "schedule_run_org_id_scheduled_at_idx" ON "schedule_run"("org_id", "scheduled_at");

ALTER TABLE "schedule_run" ADD CONSTRAINT "schedule_run_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
