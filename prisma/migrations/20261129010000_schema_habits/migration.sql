-- States as CHECK constraints: a state column holds only the values its code knows
-- (src/db/row-states.ts and each workflow's machine; tests/db/state-checks.test.ts holds them equal).
-- A new state is a migration, never only a new string in code.

ALTER TABLE "inbound_event" ADD CONSTRAINT "inbound_event_status_check" CHECK ("status" IN ('accepted', 'queued', 'processed', 'failed'));
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_status_check" CHECK ("status" IN ('pending', 'queued', 'sending', 'sent', 'failed'));
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_kind_check" CHECK ("kind" IN ('text', 'markdown', 'template_card', 'update_template_card', 'failure_notice'));
ALTER TABLE "card" ADD CONSTRAINT "card_status_check" CHECK ("status" IN ('open', 'answered', 'stale'));
ALTER TABLE "seal_request" ADD CONSTRAINT "seal_request_state_check" CHECK ("state" IN ('submitted', 'in_approval', 'approved', 'blocked', 'used', 'closed', 'rejected', 'cancelled'));
ALTER TABLE "seal_decision" ADD CONSTRAINT "seal_decision_decision_check" CHECK ("decision" IN ('approved', 'rejected'));
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_via_check" CHECK ("via" IN ('command', 'card', 'schedule', 'system'));
ALTER TABLE "department" ADD CONSTRAINT "department_source_check" CHECK ("source" IN ('file', 'wecom'));
ALTER TABLE "person" ADD CONSTRAINT "person_source_check" CHECK ("source" IN ('file', 'wecom'));

-- One foreign-key policy to the organisation: every row that belongs to a school references it,
-- ON DELETE RESTRICT. Deleting a school never deletes its record (audit, register, requests) on the
-- way; removing one is a deliberate archive-then-drop. The directory's two tables used CASCADE.
ALTER TABLE "department" DROP CONSTRAINT "department_org_id_fkey";
ALTER TABLE "person" DROP CONSTRAINT "person_org_id_fkey";
ALTER TABLE "department" ADD CONSTRAINT "department_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "person" ADD CONSTRAINT "person_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inbound_event" ADD CONSTRAINT "inbound_event_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "card" ADD CONSTRAINT "card_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "counter" ADD CONSTRAINT "counter_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "seal_request" ADD CONSTRAINT "seal_request_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "seal_suspension" ADD CONSTRAINT "seal_suspension_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "seal_register" ADD CONSTRAINT "seal_register_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "reply_page" ADD CONSTRAINT "reply_page_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
