// The N at which /gpt times generation with and without the KV cache.

/**
 * Powers of two below block_size, then block_size itself. Past block_size both paths recompute the
 * last block_size tokens for every new one (learned positions cannot slide), so timing them there
 * would compare nothing.
 */
export function kvLengths(blockSize: number): number[] {
  return [...[8, 16, 32, 64, 128, 256].filter((n) => n < blockSize), blockSize];
}
