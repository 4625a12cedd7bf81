/**
 * Messages the system times on its own (spec 4): held, then released merged per person, within the
 * quiet hours and the daily cap. Reports the org configured and direct replies do not come here.
 */
export { holdAll, holdSystemMessage, type PlannedMessage } from './system-messages/hold-system-message.js';
export { packIntoPages, type Page } from './system-messages/pack-into-pages.js';
export {
  mergeReminders,
  releaseHeldMessages,
  SYSTEM_MESSAGES_PER_DAY,
} from './system-messages/release-held-messages.js';
export { maySendNow } from './system-messages/quiet-hours.js';
