import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelMissingError } from '../../lib/errors/index.ts';
import { createTestEmbedder, getTestModelsDir, SHARED_MODELS_DIR } from '../../eval/stack/fixtures.ts';
import {
  createEmbedder,
  chooseEmbedder,
  createTransformersEmbedder,
  MINILM_MODEL_ID,
  OFFLINE_MODEL_ID,
} from './index.ts';
import { decodeModelSummary } from './offline/onnx.ts';
import { testConfig } from '../../lib/config/index.ts';

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('offline embedder through transformers.js feature-extraction', () => {
  it('tokenizes the MANIFEST vector with the real MiniLM tokenizer copied into the model', async () => {
    const { AutoTokenizer } = await import('@huggingface/transformers');
    const modelsDir = await getTestModelsDir();
    const tok = await AutoTokenizer.from_pretrained(path.join(modelsDir, ...OFFLINE_MODEL_ID.split('/')));
    const ids = tok.encode('Which savings account suits a retiree?');
    expect(ids).toEqual([101, 2029, 10995, 4070, 11072, 1037, 11036, 2063, 1029, 102]);
  });

  it('is a Gather-only ONNX graph with the feature-extraction signature', async () => {
    const modelsDir = await getTestModelsDir();
    const bytes = readFileSync(path.join(modelsDir, ...OFFLINE_MODEL_ID.split('/'), 'onnx', 'model_quantized.onnx'));
    const summary = decodeModelSummary(bytes);
    expect(summary.opTypes).toEqual(['Gather']);
    expect(summary.inputs).toEqual(['input_ids', 'attention_mask']);
    expect(summary.outputs).toEqual(['last_hidden_state']);
    expect(summary.dims).toEqual([30522, 384]);
  });

  it('gives 384-d unit vectors that put related banking texts closer than unrelated ones', async () => {
    const e = await createTestEmbedder();
    expect(e.kind).toBe('offline');
    expect(e.dim).toBe(384);
    expect(e.fileHash).toMatch(/^[0-9a-f]{64}$/);
    const [card, stolen, mortgage] = await e.embed([
      'How do I block my lost credit card?',
      'My card was stolen, what should I do?',
      'What is the interest rate on a home loan?',
    ]);
    for (const v of [card, stolen, mortgage]) {
      expect(v.length).toBe(384);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
    expect(cos(card, stolen)).toBeGreaterThan(cos(card, mortgage));
  });

  it('is deterministic: the same text gives the same vector', async () => {
    const e = await createTestEmbedder();
    const [a] = await e.embed(['premium travel credit card with lounge access']);
    const [b] = await e.embed(['premium travel credit card with lounge access']);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('selects offline under auto when MiniLM weights are absent', async () => {
    const modelsDir = await getTestModelsDir();
    expect(chooseEmbedder('auto', modelsDir)).toBe('offline');
    const e = await createEmbedder({
      config: testConfig({ modelsDir, embedder: 'auto', allowDownloads: false }),
      buildIfMissing: false,
    });
    expect(e.id).toBe(OFFLINE_MODEL_ID);
  });
});

describe('missing model', () => {
  it('names the exact files and where to put them when MiniLM is absent and downloads are off', async () => {
    const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'meridian-models-'));
    const err = await createTransformersEmbedder({
      modelsDir,
      modelId: MINILM_MODEL_ID,
      kind: 'minilm',
      allowDownloads: false,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelMissingError);
    expect(err.message).toContain(path.join(modelsDir, 'Xenova', 'all-MiniLM-L6-v2', 'onnx', 'model_quantized.onnx'));
    expect(err.message).toContain('tokenizer.json');
    expect(err.missingFiles).toContain('onnx/model_quantized.onnx');
  });

  it('treats the shared tokenizer-only MiniLM copy as missing (weights decide presence)', async () => {
    const err = await createTransformersEmbedder({
      modelsDir: SHARED_MODELS_DIR,
      modelId: MINILM_MODEL_ID,
      kind: 'minilm',
      allowDownloads: false,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelMissingError);
    expect(err.missingFiles).toEqual(['onnx/model_quantized.onnx']);
  });
});
