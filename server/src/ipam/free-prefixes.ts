/** Where the free blocks of a prefix are: pure arithmetic over the ranges its child prefixes take. */

/** A range of addresses as numbers, both ends included. */
export interface Span {
  first: bigint;
  last: bigint;
}

/**
 * The first `count` blocks of `length` bits inside `parent` (a prefix of `parentLength` in an address family of
 * `width` bits) that overlap none of `taken`, in address order, as the network number of each block. Runs in time
 * proportional to the taken spans and `count`, whatever the size of the gaps (an IPv6 /32 has 2^32 /64s).
 */
export function freeBlocks(parent: Span, width: number, length: number, taken: readonly Span[], count: number): bigint[] {
  const size = 1n << BigInt(width - length);
  const spans = [...taken].filter((s) => s.last >= parent.first && s.first <= parent.last).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const found: bigint[] = [];
  let cursor = parent.first;
  const alignUp = (value: bigint) => ((value + size - 1n) / size) * size;
  const fill = (until: bigint) => {
    // Aligned blocks that end before `until`.
    for (let block = alignUp(cursor); found.length < count && block + size - 1n < until && block + size - 1n <= parent.last; block += size) found.push(block);
  };
  for (const span of spans) {
    if (found.length >= count) break;
    if (span.first > cursor) fill(span.first);
    if (span.last + 1n > cursor) cursor = span.last + 1n;
  }
  if (found.length < count) fill(parent.last + 1n);
  return found;
}
