/** A sent interactive card, as the card registry (table `card`) keeps it. */
export interface CardRecord {
  taskId: string;
  orgId: string;
  addresseeId: string;
  workflow: string;
  itemId: string;
  itemRef: string;
  /** the item's state or step the card asked about */
  sentForState: string;
  responseCode: string | null;
  status: 'open' | 'answered' | 'stale';
  answeredBy: string | null;
  answeredAt: Date | null;
  resultText: string | null;
  createdAt: Date;
}
