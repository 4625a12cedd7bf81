-- Which database this is. Redis is shared and outlives databases (re-created demo databases,
-- staging beside production, a restored backup), so queue work is tied to a database instance:
-- a process refuses a Redis key prefix that a running process of another instance uses.
-- `database_oid` tells a copy (CREATE DATABASE ... TEMPLATE, a restore elsewhere) from the
-- original: a copy gets a fresh instance id when it is first started (src/queues/database-instance.ts).
CREATE TABLE "database_instance" (
    "singleton" BOOLEAN NOT NULL DEFAULT true,
    "instance_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "database_oid" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "database_instance_pkey" PRIMARY KEY ("singleton"),
    CONSTRAINT "database_instance_one_row" CHECK ("singleton")
);

INSERT INTO "database_instance" ("database_oid")
    SELECT oid FROM pg_database WHERE datname = current_database();

-- Every enqueue of a row gets a fresh token; the job id carries it and the worker acts only on the
-- row's current token. A job id derived from the row id alone was a no-op for ever once BullMQ kept
-- a finished job under it (issue 7: work stored, acknowledged and never done).
ALTER TABLE "inbound_event" ADD COLUMN "queue_token" TEXT;
ALTER TABLE "outbox_message" ADD COLUMN "queue_token" TEXT;

-- When delivery started failing with retryable errors (WeCom busy): bounds how long it is retried
-- before the message is failed visibly.
ALTER TABLE "outbox_message" ADD COLUMN "first_failed_at" TIMESTAMPTZ(3);

-- A long reply shown page by page (我的待办 within WeCom's 2048 bytes): 「更多」 shows the next page.
CREATE TABLE "reply_page" (
    "org_id" TEXT NOT NULL,
    "userid" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "offset" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reply_page_pkey" PRIMARY KEY ("org_id","userid")
);
