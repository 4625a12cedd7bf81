import type { SealInfo } from './types.js';

/**
 * 「校章（公章、学校公章）」: a seal's name with the other names staff use, for the lists people read
 * (the seals one may ask for, a refusal naming them), so whoever knows it as 公章 finds it.
 */
export function sealLabel(seal: Pick<SealInfo, 'name' | 'aliases'>): string {
  return seal.aliases.length === 0 ? seal.name : `${seal.name}（${seal.aliases.join('、')}）`;
}
