import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onnxModelType, ONNX_FLOAT, ONNX_INT64 } from '../../../ml/embedder/offline/onnx.ts';
import { SHARED_MODELS_DIR } from '../../../eval/stack/fixtures.ts';
import { CROSS_ENCODER_ID, crossEncoderPresent, loadCrossEncoder } from './cross-encoder.ts';
import { createReranker } from './index.ts';

/**
 * The real cross-encoder code path (transformers.js AutoTokenizer + AutoModelForSequenceClassification,
 * lib/models resolution) on the REAL ms-marco tokenizer/config from ../shared/models with a tiny
 * hand-built ONNX head in place of the absent weights: logit = Σ over the pair's tokens of w[token],
 * w = 1 for the token "pension", 0 otherwise. So the expected scores are known exactly.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-xenc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function toyModel(vocabSize: number, hot: number): Uint8Array {
  const w = new Float32Array(vocabSize);
  w[hot] = 1;
  const dim = (d: number | string) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d });
  const t = (name: string, elem: number, dims: (number | string)[]) => ({
    name,
    type: { tensor_type: { elem_type: elem, shape: { dim: dims.map(dim) } } },
  });
  const message = {
    ir_version: 8,
    producer_name: 'meridian-test',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'toy_cross_encoder',
      node: [
        {
          name: 'g',
          op_type: 'Gather',
          input: ['w', 'input_ids'],
          output: ['h'],
          attribute: [{ name: 'axis', i: 0, type: 2 }],
        },
        {
          name: 's',
          op_type: 'ReduceSum',
          input: ['h', 'axes'],
          output: ['logits'],
          attribute: [{ name: 'keepdims', i: 0, type: 2 }],
        },
      ],
      initializer: [
        { name: 'w', dims: [vocabSize, 1], data_type: ONNX_FLOAT, raw_data: new Uint8Array(w.buffer) },
        { name: 'axes', dims: [1], data_type: ONNX_INT64, int64_data: [1] },
      ],
      input: [t('input_ids', ONNX_INT64, ['batch', 'seq']), t('attention_mask', ONNX_INT64, ['batch', 'seq'])],
      output: [t('logits', ONNX_FLOAT, ['batch', 1])],
    },
  };
  const type = onnxModelType();
  return type.encode(type.fromObject(message)).finish();
}

describe('cross-encoder reranker through transformers.js', () => {
  it('is absent without weights, then loads and scores query–passage pairs with the model', async () => {
    const modelDir = path.join(dir, ...CROSS_ENCODER_ID.split('/'));
    mkdirSync(path.join(modelDir, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json'])
      copyFileSync(path.join(SHARED_MODELS_DIR, CROSS_ENCODER_ID, f), path.join(modelDir, f));
    expect(crossEncoderPresent(dir)).toBe(false);
    await expect(
      createReranker({ reranker: 'cross-encoder', modelsDir: dir, allowDownloads: false }, undefined),
    ).rejects.toThrow(/model_quantized\.onnx/);
    expect((await createReranker({ reranker: 'auto', modelsDir: dir, allowDownloads: false }, undefined)).kind).toBe(
      'fallback',
    );

    const vocab = JSON.parse(readFileSync(path.join(modelDir, 'tokenizer.json'), 'utf8')).model.vocab as Record<
      string,
      number
    >;
    writeFileSync(
      path.join(modelDir, 'onnx', 'model_quantized.onnx'),
      toyModel(Object.keys(vocab).length, vocab.pension),
    );
    expect(crossEncoderPresent(dir)).toBe(true);
    const reranker = await createReranker({ reranker: 'auto', modelsDir: dir, allowDownloads: false }, undefined);
    expect(reranker.kind).toBe('cross-encoder');
    const passages = [
      'A credit card with cashback.',
      'A pension for retirement: the pension pays income.',
      'Pension transfers.',
    ];
    const scores = await reranker.score('pension options', passages);
    expect(scores).toEqual([1, 3, 2]);
    // Batching gives the same scores.
    const batched = await (await loadCrossEncoder({ modelsDir: dir, allowDownloads: false, batchSize: 2 })).score(
      'pension options',
      passages,
    );
    expect(batched).toEqual(scores);
  }, 120_000);
});
