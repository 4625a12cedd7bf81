import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { AppError } from '../shared/errors.js';

/** The callback secrets of one WeCom app (WECOM_TOKEN, WECOM_ENCODING_AES_KEY, WECOM_CORP_ID). */
export interface CallbackKeys {
  token: string;
  encodingAesKey: string;
  /** the expected receiveid: the corp id for a self-built app */
  corpId: string;
}

export interface SignedQuery {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/**
 * The one signature check (DOC 90968): SHA1 over the sorted token, timestamp, nonce and ciphertext,
 * compared in constant time so the comparison leaks nothing about the expected value.
 */
export function isSignatureValid(keys: CallbackKeys, query: SignedQuery, ciphertext: string): boolean {
  const expected = Buffer.from(getSignature(keys.token, query.timestamp, query.nonce, ciphertext), 'utf8');
  const given = Buffer.from(query.msgSignature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Verifies, decrypts and checks the receiveid; the plaintext comes back only if all three pass. */
export function openCiphertext(keys: CallbackKeys, query: SignedQuery, ciphertext: string): string {
  if (!isSignatureValid(keys, query, ciphertext)) {
    throw new AppError('BAD_SIGNATURE', 'callback signature does not match');
  }
  let opened: { message: string; id: string };
  try {
    opened = decrypt(keys.encodingAesKey, ciphertext);
  } catch {
    // A correctly signed ciphertext that will not decrypt was made with another key.
    throw new AppError('MALFORMED_CALLBACK', 'ciphertext does not decrypt');
  }
  if (opened.id !== keys.corpId) {
    throw new AppError('WRONG_RECEIVER', `receiveid ${JSON.stringify(opened.id)} is not this corp`);
  }
  return opened.message;
}

/** Encrypts and signs a message as WeCom does; used by the simulator, the bench and tests. */
export function sealCiphertext(
  keys: CallbackKeys,
  plaintext: string,
  timestamp: string,
  nonce: string,
): { ciphertext: string; msgSignature: string } {
  const ciphertext = encrypt(keys.encodingAesKey, plaintext, keys.corpId);
  return { ciphertext, msgSignature: getSignature(keys.token, timestamp, nonce, ciphertext) };
}
