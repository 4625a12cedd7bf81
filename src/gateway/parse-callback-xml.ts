import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../shared/errors.js';

/**
 * Callback XML is flat: <xml> with text children. We refuse any DTD outright, so no entity can be
 * declared and only XML's five predefined ones (&amp; &lt; …) are decoded; every value stays a
 * string — a MsgId is a 64-bit integer that a JS number would silently round.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
});

const FORBIDDEN = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i;

/** Parses `<xml>…</xml>` into its child elements as strings; nested elements become nested records. */
export function parseCallbackXml(xml: string): Record<string, unknown> {
  if (FORBIDDEN.test(xml)) {
    throw new AppError('MALFORMED_CALLBACK', 'XML with a DTD or entity declaration');
  }
  let document: Record<string, unknown>;
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new AppError('MALFORMED_CALLBACK', `XML is not well-formed: ${valid.err.msg}`);
    document = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The parser gives up on some inputs by throwing (e.g. thousands of nested elements: "Maximum
    // nested tags exceeded"): that is a malformed callback (400), not our failure (503).
    throw new AppError(
      'MALFORMED_CALLBACK',
      `XML could not be parsed: ${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'}`,
    );
  }
  const root = document.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    throw new AppError('MALFORMED_CALLBACK', 'XML has no <xml> root element');
  }
  return root as Record<string, unknown>;
}

export function textField(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
