-- The weekly brief counts a week's 收文 received, 办结 and 归档, 发文 drafted, 签发 and 分发, and the
-- meetings held and the minutes due that week (incoming-brief-section.ts, outgoing-brief-section.ts,
-- meeting-brief-section.ts). Without these the counts scanned every document and meeting of every
-- year; with them each reads the week's rows (a BitmapOr of the three ranges), as the overdue scan
-- reads only what is due. Measured in docs/PERFORMANCE.md, "Digests at scale".

-- CreateIndex
CREATE INDEX "incoming_document_org_id_completed_at_idx" ON "incoming_document"("org_id", "completed_at");

-- CreateIndex
CREATE INDEX "incoming_document_org_id_archived_at_idx" ON "incoming_document"("org_id", "archived_at");

-- CreateIndex
CREATE INDEX "outgoing_document_org_id_signed_at_idx" ON "outgoing_document"("org_id", "signed_at");

-- CreateIndex
CREATE INDEX "outgoing_document_org_id_distributed_at_idx" ON "outgoing_document"("org_id", "distributed_at");

-- CreateIndex
CREATE INDEX "meeting_org_id_ends_at_idx" ON "meeting"("org_id", "ends_at");

-- CreateIndex
CREATE INDEX "meeting_org_id_minutes_due_at_idx" ON "meeting"("org_id", "minutes_due_at");
