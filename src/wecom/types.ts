/** The WeCom API as Xiaoban uses it (shared/wecom/NOTES.md). Shapes follow WeCom's JSON field names. */
import type { MediaDownload } from './media.js';

export interface TemplateCardButton {
  text: string;
  /** 1 blue, 2 grey, 3 red, 4 plain */
  style?: 1 | 2 | 3 | 4;
  key: string;
}

/** A `button_interaction` template card (DOC 90236). */
export interface ButtonInteractionCard {
  card_type: 'button_interaction';
  task_id: string;
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  horizontal_content_list?: { keyname: string; value: string }[];
  button_list: TemplateCardButton[];
  /** shown instead of the buttons once the card has been answered (update only) */
  replace_text?: string;
  source?: { desc: string };
}

export type OutgoingMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: ButtonInteractionCard }
  /** a file uploaded as temporary media (media/upload, type file) */
  | { msgtype: 'file'; file: { media_id: string } };

export interface SendResult {
  msgid?: string;
  /** template cards only: a code for one later update_template_card, valid 72 h */
  response_code?: string;
  invaliduser?: string;
}

/** Either grey the buttons with one text, or replace the whole card. */
export type CardUpdate = { button: { replace_name: string } } | { template_card: ButtonInteractionCard };

export interface WecomDepartment {
  id: number;
  name: string;
  parentid: number;
  department_leader?: string[];
}

export interface WecomUser {
  userid: string;
  name: string;
  department: number[];
  position?: string;
  is_leader_in_dept?: number[];
  /** 1 active, 2 disabled, 4 not activated, 5 left */
  status?: number;
}

/** What the rest of Xiaoban needs from WeCom; src/wecom/client.ts implements it over HTTP. */
export interface WecomApi {
  /**
   * Downloads temporary media (a file a person sent the app): the bytes and the name WeCom gives
   * them, or `too_large` once more than `maxBytes` would arrive (the download stops there).
   */
  getMedia(mediaId: string, options: { maxBytes: number }): Promise<MediaDownload>;
  /** Uploads a file as temporary media; its media_id works for 3 days. */
  uploadMedia(type: 'file', bytes: Uint8Array, fileName: string): Promise<{ mediaId: string }>;
  sendMessage(
    toUserId: string,
    message: OutgoingMessage,
    options?: { duplicateCheckSeconds?: number },
  ): Promise<SendResult>;
  updateTemplateCard(userIds: string[], responseCode: string, update: CardUpdate): Promise<void>;
  listDepartments(): Promise<WecomDepartment[]>;
  listUsers(departmentId: number): Promise<WecomUser[]>;
}
