/**
 * An official number as allocated: its counter's scope and value (what `voidNumber` takes) and the
 * text people and ledgers read.
 */
export interface OfficialNumber {
  /** e.g. `发文:xiaofa:2026` */
  scope: string;
  /** e.g. 3 */
  number: number;
  /** e.g. `校发〔2026〕3号` */
  text: string;
}
