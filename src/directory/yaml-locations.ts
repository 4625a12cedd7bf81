import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

type Segment = string | number;

/**
 * The 1-based line of what `path` points at. A key that is missing points at its parent; an
 * unknown key (`pointAtKey`) at the key itself rather than its value.
 */
export function lineOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly Segment[],
  pointAtKey = false,
): number | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (const [index, segment] of path.entries()) {
    const isLast = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const target = isLast && pointAtKey ? pair.key : (pair.value ?? pair.key);
      if (isNode(target)) found = target;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!isNode(item)) break;
      found = item;
      node = item;
    } else {
      break;
    }
  }
  return found?.range ? lineCounter.linePos(found.range[0]).line : undefined;
}

/** The path of the innermost key or item at `offset` (used to say where a YAML error is). */
export function pathAtOffset(doc: Document, offset: number): Segment[] {
  const path: Segment[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((item) => contains(item.key, offset) || contains(item.value, offset));
      if (!pair || !isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      if (contains(pair.key, offset)) return path;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index < 0) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

function contains(value: unknown, offset: number): boolean {
  return (
    isNode(value) &&
    value.range !== undefined &&
    value.range !== null &&
    value.range[0] <= offset &&
    offset < value.range[2]
  );
}
