-- 作废: an allocated number (文号, 收文编号, 档号, reference) that will never be used (spec 2.4).
-- The counter only moves forward, so a voided number is never given again; this row records that it
-- was voided, by whom and why, for the ledgers. One row per number: voiding twice is refused.
CREATE TABLE "number_void" (
    "org_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "voided_by" TEXT NOT NULL,
    "voided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "number_void_pkey" PRIMARY KEY ("org_id","scope","number")
);

ALTER TABLE "number_void" ADD CONSTRAINT "number_void_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
