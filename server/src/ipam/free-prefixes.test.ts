import { describe, expect, it } from 'vitest';
import { freeBlocks } from './free-prefixes.ts';

const span = (first: number, last: number) => ({ first: BigInt(first), last: BigInt(last) });

describe('free blocks inside a prefix', () => {
  it('skips every aligned block a taken range overlaps, even a range that is not itself aligned', () => {
    // A /24 as 0–255, a range 5–9 taken, /30 blocks (size 4): 0 is free, 4 and 8 overlap, 12 is next.
    expect(freeBlocks(span(0, 255), 32, 30, [span(5, 9)], 3)).toEqual([0n, 12n, 16n]);
  });

  it('merges overlapping and nested taken ranges, and stops at the end of the parent', () => {
    expect(freeBlocks(span(0, 15), 32, 30, [span(0, 7), span(4, 5), span(12, 15)], 10)).toEqual([8n]);
    expect(freeBlocks(span(0, 15), 32, 30, [span(0, 15)], 10)).toEqual([]);
  });

  it('answers at once for a gap of 2^64 blocks', () => {
    const parent = { first: 0n, last: (1n << 80n) - 1n }; // a /48 in a 128-bit family
    const blocks = freeBlocks(parent, 128, 64, [{ first: 0n, last: (1n << 64n) - 1n }], 2);
    expect(blocks).toEqual([1n << 64n, 2n << 64n]);
  });
});
