// The lab catalogue: every lab's id, title, concepts, parameter table and pure run, and `runLab`,
// which validates the parameters (errors name the key and the expected shape) and runs the lab.
// Node code imports it through ./registry.ts (which installs the tokenizers' encodings); the web app
// imports it directly and loads the encodings on the tokenization page (tokenization/real.ts).
import type { z } from 'zod';
import {
  LabParamError,
  parseParams,
  UnknownLabError,
  type Exercise,
  type Field,
  type LabDef,
} from './params.ts';
import type { Bilingual, Trace } from './trace.ts';
import * as selfAttention from './self-attention/lab.ts';
import { exercise as selfAttentionExercise } from './self-attention/exercise.ts';
import * as positional from './positional-encoding/lab.ts';
import { exercise as positionalExercise } from './positional-encoding/exercise.ts';
import * as layerNorm from './layer-norm/lab.ts';
import { exercise as layerNormExercise } from './layer-norm/exercise.ts';
import * as causalMask from './causal-mask/lab.ts';
import { exercise as causalMaskExercise } from './causal-mask/exercise.ts';
import * as block from './transformer-block/lab.ts';
import { exercise as blockExercise } from './transformer-block/exercise.ts';
import * as sampling from './softmax-sampling/lab.ts';
import { exercise as samplingExercise } from './softmax-sampling/exercise.ts';
import * as crossEntropy from './cross-entropy/lab.ts';
import { exercise as crossEntropyExercise } from './cross-entropy/exercise.ts';
import * as multiHead from './multi-head-attention/lab.ts';
import { exercise as multiHeadExercise } from './multi-head-attention/exercise.ts';
import * as tokenization from './tokenization/lab.ts';
import { exercise as tokenizationExercise } from './tokenization/exercise.ts';
import * as architectures from './architectures/lab.ts';
import * as embedding from './embedding/lab.ts';
import { exercise as embeddingExercise } from './embedding/exercise.ts';
import * as crossAttention from './cross-attention/lab.ts';
import { exercise as crossAttentionExercise } from './cross-attention/exercise.ts';
import { exercise as architecturesExercise } from './architectures/exercise.ts';
import * as tinyGpt from './tiny-gpt/lab.ts';
import { exercise as tinyGptExercise } from './tiny-gpt/exercise.ts';
import * as beamSearch from './beam-search/lab.ts';
import { exercise as beamSearchExercise } from './beam-search/exercise.ts';
import * as kvCache from './kv-cache/lab.ts';
import { exercise as kvCacheExercise } from './kv-cache/exercise.ts';
import * as pretraining from './pretraining-objectives/lab.ts';
import { exercise as pretrainingExercise } from './pretraining-objectives/exercise.ts';

export { LabParamError, UnknownLabError };
export type { Exercise, Field, LabDef };

function def<S extends z.ZodType>(d: {
  id: string;
  title: Bilingual;
  concepts: string[];
  fields: Field[];
  schema: S;
  run: (p: z.output<S>, seed: number) => Trace;
  exercise: (seed: number) => Exercise;
}): LabDef {
  return d as unknown as LabDef;
}

export const labs: LabDef[] = [
  def({
    id: 'self-attention',
    title: { ja: '自己注意機構（Self-Attention）', en: 'Self-attention' },
    concepts: ['self-attention', 'attention-mechanism'],
    fields: selfAttention.fields,
    schema: selfAttention.schema,
    run: selfAttention.run,
    exercise: selfAttentionExercise,
  }),
  def({
    id: 'multi-head-attention',
    title: { ja: 'マルチヘッド注意（Multi-Head Attention）', en: 'Multi-head attention' },
    concepts: ['multi-head-attention', 'self-attention'],
    fields: multiHead.fields,
    schema: multiHead.schema,
    run: multiHead.run,
    exercise: multiHeadExercise,
  }),
  def({
    id: 'positional-encoding',
    title: { ja: '位置エンコーディング', en: 'Positional encoding' },
    concepts: ['positional-encoding'],
    fields: positional.fields,
    schema: positional.schema,
    run: positional.run,
    exercise: positionalExercise,
  }),
  def({
    id: 'layer-norm',
    title: { ja: 'レイヤー正規化（Layer Norm）', en: 'Layer normalisation' },
    concepts: ['layer-norm-residual'],
    fields: layerNorm.fields,
    schema: layerNorm.schema,
    run: layerNorm.run,
    exercise: layerNormExercise,
  }),
  def({
    id: 'causal-mask',
    title: { ja: '因果マスク（Causal Mask）', en: 'Causal mask' },
    concepts: ['self-attention', 'gpt-decoder-only'],
    fields: causalMask.fields,
    schema: causalMask.schema,
    run: causalMask.run,
    exercise: causalMaskExercise,
  }),
  def({
    id: 'transformer-block',
    title: { ja: 'Transformer ブロック', en: 'Transformer block' },
    concepts: ['transformer-basic-structure', 'layer-norm-residual', 'feed-forward-network'],
    fields: block.fields,
    schema: block.schema,
    run: block.run,
    exercise: blockExercise,
  }),
  def({
    id: 'softmax-sampling',
    title: { ja: 'softmax とサンプリング', en: 'Softmax and sampling' },
    concepts: ['generation-parameters'],
    fields: sampling.fields,
    schema: sampling.schema,
    run: sampling.run,
    exercise: samplingExercise,
  }),
  def({
    id: 'cross-entropy',
    title: { ja: '交差エントロピーと KL', en: 'Cross-entropy and KL' },
    concepts: ['loss-functions', 'information-theory'],
    fields: crossEntropy.fields,
    schema: crossEntropy.schema,
    run: crossEntropy.run,
    exercise: crossEntropyExercise,
  }),
  def({
    id: 'tokenization',
    title: {
      ja: 'トークン化（BPE と本物のトークナイザ）',
      en: 'Tokenization (BPE and real tokenizers)',
    },
    concepts: ['tokenization'],
    fields: tokenization.fields,
    schema: tokenization.schema,
    run: tokenization.run,
    exercise: tokenizationExercise,
  }),
  def({
    id: 'embedding',
    title: { ja: '埋め込み（word2vec と類似度）', en: 'Embeddings (word2vec and similarity)' },
    concepts: ['embeddings', 'vector-search'],
    fields: embedding.fields,
    schema: embedding.schema,
    run: embedding.run,
    exercise: embeddingExercise,
  }),
  def({
    id: 'cross-attention',
    title: {
      ja: 'クロス注意（英→日の小さな翻訳モデル）',
      en: 'Cross-attention (a tiny English→Japanese translator)',
    },
    concepts: ['cross-attention', 'seq2seq-attention', 't5-bart-encoder-decoder'],
    fields: crossAttention.fields,
    schema: crossAttention.schema,
    run: crossAttention.run,
    exercise: crossAttentionExercise,
  }),
  def({
    id: 'architectures',
    title: {
      ja: 'エンコーダ・デコーダ・その両方',
      en: 'Encoder-only, decoder-only, encoder–decoder',
    },
    concepts: [
      'model-architectures',
      'bert-encoder-only',
      'gpt-decoder-only',
      't5-bart-encoder-decoder',
    ],
    fields: architectures.fields,
    schema: architectures.schema,
    run: architectures.run,
    exercise: architecturesExercise,
  }),
  def({
    id: 'tiny-gpt',
    title: {
      ja: '小さな GPT（大きさと学習の出発点）',
      en: 'A tiny GPT (its size and starting loss)',
    },
    concepts: ['gpt-decoder-only', 'training-and-inference'],
    fields: tinyGpt.fields,
    schema: tinyGpt.schema,
    run: tinyGpt.run,
    exercise: tinyGptExercise,
  }),
  def({
    id: 'beam-search',
    title: { ja: 'ビーム探索', en: 'Beam search' },
    concepts: ['generation-parameters'],
    fields: beamSearch.fields,
    schema: beamSearch.schema,
    run: beamSearch.run,
    exercise: beamSearchExercise,
  }),
  def({
    id: 'kv-cache',
    title: { ja: 'KV キャッシュ', en: 'KV cache' },
    concepts: ['kv-cache'],
    fields: kvCache.fields,
    schema: kvCache.schema,
    run: kvCache.run,
    exercise: kvCacheExercise,
  }),
  def({
    id: 'pretraining-objectives',
    title: {
      ja: '事前学習の目的（次トークンとマスク）',
      en: 'Pretraining objectives (next-token and masked)',
    },
    concepts: ['gpt-decoder-only', 'bert-encoder-only'],
    fields: pretraining.fields,
    schema: pretraining.schema,
    run: pretraining.run,
    exercise: pretrainingExercise,
  }),
];

export function getLab(id: string): LabDef {
  const lab = labs.find((l) => l.id === id);
  if (!lab)
    throw new UnknownLabError(
      id,
      labs.map((l) => l.id),
    );
  return lab;
}

/** A lab as listed by the API and `shirube lab list`. */
export interface LabSummary {
  id: string;
  title: Bilingual;
  concepts: string[];
  params: Array<Pick<Field, 'key' | 'kind' | 'expected' | 'options'>>;
}

export function listLabs(): LabSummary[] {
  return labs.map((l) => ({
    id: l.id,
    title: l.title,
    concepts: l.concepts,
    params: l.fields.map(({ key, kind, expected, options }) => ({
      key,
      kind,
      expected,
      ...(options ? { options } : {}),
    })),
  }));
}

/** Validates `params` (unknown keys, shapes, NaN) and runs lab `id`. Throws LabParamError or UnknownLabError. */
export function runLab(id: string, params: unknown, seed = 0): Trace {
  const lab = getLab(id);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new LabParamError('seed', `seed: expected an integer 0–4294967295, got ${seed}`);
  return lab.run(parseParams(lab, params), seed);
}

/** Parses the JSON text of --params / ?params=; throws LabParamError on bad JSON. */
export function parseParamsJson(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LabParamError('params', `params: not valid JSON (${(e as Error).message})`);
  }
}
