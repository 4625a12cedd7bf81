/**
 * A system-timed message a scan has decided to send (spec 4: reminders, heads-ups, escalations,
 * 催办): one per person and topic, already merged. The scans only plan and record; the caller hands
 * these to the held-message queue, which waits out quiet hours and caps each person's day.
 * (The same shape as PlannedMessage in src/kit/system-messages.ts; the two are to be unified.)
 */
export interface PlannedMessage {
  toUserId: string;
  text: string;
  /** what it is about, e.g. `overdue`, `approval_reminder`: the held-message queue groups by it */
  topic: string;
}
