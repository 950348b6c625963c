import { describe, expect, it } from 'vitest';
import { kvLengths } from './kv-lengths.ts';

describe('kvLengths', () => {
  it('stops at block_size and always includes it', () => {
    expect(kvLengths(64)).toEqual([8, 16, 32, 64]);
    expect(kvLengths(16)).toEqual([8, 16]);
    expect(kvLengths(20)).toEqual([8, 16, 20]);
    expect(kvLengths(4)).toEqual([4]);
    expect(kvLengths(512)).toEqual([8, 16, 32, 64, 128, 256, 512]);
  });
});
