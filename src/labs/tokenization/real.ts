// The real tokenizers, from the `gpt-tokenizer` package: o200k_base (GPT-4o, GPT-4.1, GPT-5, o-series)
// and cl100k_base (GPT-4, GPT-3.5). Byte-level BPE: a token is a byte string, so one Japanese
// character (3 UTF-8 bytes) can be split over tokens; such fragments decode alone to "�".
import * as models from 'gpt-tokenizer/models';

export type EncodingName = 'o200k_base' | 'cl100k_base';

/** What this module needs of one of gpt-tokenizer's encoding modules. */
export interface EncodingModule {
  encode(text: string): number[];
  decode(ids: number[]): string;
  default: unknown;
}

// The encodings' rank tables are ~3.5 MB of JavaScript, so nothing here imports them statically:
// Node code gets them from ./encodings.ts (imported by the registry), the browser loads them with
// loadEncodings() on the tokenization page only.
let encodings: Record<EncodingName, EncodingModule> | null = null;

/** Installs the two encodings (./encodings.ts does it with static imports). */
export function provideEncodings(e: Record<EncodingName, EncodingModule>): void {
  encodings = e;
}

export const encodingsLoaded = (): boolean => encodings !== null;

/** Loads the encodings with dynamic imports (their own chunks in the web build). */
export async function loadEncodings(): Promise<void> {
  if (encodings) return;
  const [o200k, cl100k] = await Promise.all([
    import('gpt-tokenizer/encoding/o200k_base'),
    import('gpt-tokenizer/encoding/cl100k_base'),
  ]);
  provideEncodings({ o200k_base: o200k, cl100k_base: cl100k });
}

function encoding(name: EncodingName): EncodingModule {
  if (!encodings)
    throw new Error('the o200k_base and cl100k_base encodings are not loaded (loadEncodings())');
  return encodings[name];
}

export const encode = (name: EncodingName, text: string): number[] => encoding(name).encode(text);
export const decode = (name: EncodingName, ids: number[]): string => encoding(name).decode(ids);

/** One piece shown in the text: a token, or the tokens that together make whole characters. */
export interface Piece {
  ids: number[];
  /** The decoded text of the group (whole characters). */
  text: string;
  /** UTF-8 bytes of the group. */
  bytes: number;
  /** Each token decoded alone; byte fragments show as "�" (what a raw per-token decode prints). */
  raw: string[];
  /** True when the tokens are fragments of characters (the group has more than one token). */
  fragment: boolean;
}

type Core = { tryDecodeToken(id: number): Uint8Array | string | undefined };
const utf8 = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * The bytes of one token. NOTE: the package's own `decode` keeps a shared streaming TextDecoder, so
 * decoding a lone fragment returns "" and leaves bytes behind that corrupt the next call; we read
 * the token's bytes from its BPE core instead (a runtime field, not in its typings) and decode them
 * ourselves.
 */
export function tokenBytes(name: EncodingName, id: number): Uint8Array {
  const core = (encoding(name).default as unknown as { bytePairEncodingCoreProcessor: Core })
    .bytePairEncodingCoreProcessor;
  const b = core.tryDecodeToken(id);
  if (b === undefined) throw new Error(`token ${id} is not in ${name}`);
  return typeof b === 'string' ? utf8.encode(b) : b;
}

function validUtf8(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Groups consecutive tokens until their bytes are whole UTF-8 characters: a token whose bytes end in
 * the middle of a character (or start in one) is joined with the next tokens until the group's
 * bytes decode strictly.
 */
export function pieces(name: EncodingName, ids: number[]): Piece[] {
  const out: Piece[] = [];
  let group: number[] = [];
  let buf: number[] = [];
  const flush = (text: string) => {
    out.push({
      ids: group,
      text,
      bytes: buf.length,
      raw: group.map((g) => lenient.decode(tokenBytes(name, g))),
      fragment: group.length > 1,
    });
    group = [];
    buf = [];
  };
  for (const id of ids) {
    group.push(id);
    buf.push(...tokenBytes(name, id));
    const text = validUtf8(Uint8Array.from(buf));
    if (text !== null) flush(text);
  }
  if (group.length) flush(lenient.decode(Uint8Array.from(buf)));
  return out;
}

/** Models with a price in the package's table, and the encoding each uses. */
export const PRICED_MODELS: Array<{ model: string; encoding: EncodingName }> = [
  { model: 'gpt-4o', encoding: 'o200k_base' },
  { model: 'gpt-4.1', encoding: 'o200k_base' },
  { model: 'gpt-5', encoding: 'o200k_base' },
  { model: 'o3', encoding: 'o200k_base' },
  { model: 'gpt-4', encoding: 'cl100k_base' },
  { model: 'gpt-3.5-turbo', encoding: 'cl100k_base' },
];

/** USD per 1M tokens from gpt-tokenizer's own price table (`price_data.main`). */
export function pricePerMillion(model: string): { input: number; output: number } {
  const spec = (
    models as unknown as Record<
      string,
      { price_data?: { main?: { input?: number; output?: number } } }
    >
  )[model];
  const main = spec?.price_data?.main;
  if (!main || main.input === undefined || main.output === undefined)
    throw new Error(`gpt-tokenizer has no price for ${model}`);
  return { input: main.input, output: main.output };
}
