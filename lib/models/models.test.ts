import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelMissingError } from '../errors/index.ts';
import {
  applyTransformersEnv,
  isModelPresent,
  resolveModel,
  TRANSFORMERS_Q8_FILES,
  type TransformersEnvLike,
} from './index.ts';

function modelsDirWith(files: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-resolver-'));
  for (const f of files) {
    const p = path.join(dir, 'Xenova', 'all-MiniLM-L6-v2', f);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, 'x');
  }
  return dir;
}

describe('model resolver', () => {
  it('returns the local folder when every file is present', () => {
    const dir = modelsDirWith([...TRANSFORMERS_Q8_FILES]);
    const r = resolveModel({ modelsDir: dir, modelId: 'Xenova/all-MiniLM-L6-v2', allowDownloads: false });
    expect(r).toMatchObject({ source: 'local', dir: path.join(dir, 'Xenova', 'all-MiniLM-L6-v2'), missing: [] });
  });

  it('decides presence by the ONNX weights, not by the folder or config.json', () => {
    const dir = modelsDirWith(['config.json', 'tokenizer.json', 'tokenizer_config.json']);
    expect(isModelPresent(dir, 'Xenova/all-MiniLM-L6-v2')).toBe(false);
    expect(() => resolveModel({ modelsDir: dir, modelId: 'Xenova/all-MiniLM-L6-v2', allowDownloads: false })).toThrow(
      ModelMissingError,
    );
  });

  it('names the exact missing files and where to put them', () => {
    const dir = modelsDirWith(['config.json']);
    let err: unknown;
    try {
      resolveModel({ modelsDir: dir, modelId: 'Xenova/all-MiniLM-L6-v2', allowDownloads: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelMissingError);
    const e = err as ModelMissingError;
    expect(e.missingFiles).toEqual(['tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
    expect(e.message).toContain(path.join(dir, 'Xenova', 'all-MiniLM-L6-v2', 'onnx', 'model_quantized.onnx'));
    expect(e.message).toContain('MERIDIAN_ALLOW_DOWNLOADS');
  });

  it('hands a missing model to the hub download when downloads are allowed', () => {
    const dir = modelsDirWith([]);
    const r = resolveModel({ modelsDir: dir, modelId: 'Xenova/all-MiniLM-L6-v2', allowDownloads: true });
    expect(r.source).toBe('download');
    expect(r.missing).toContain('onnx/model_quantized.onnx');
  });

  it('configures transformers.js to read and cache models in the same folder', () => {
    const env: TransformersEnvLike = {
      localModelPath: '/x/',
      allowLocalModels: false,
      allowRemoteModels: true,
      cacheDir: null,
    };
    applyTransformersEnv(env, { modelsDir: 'models', allowDownloads: false });
    expect(env.allowLocalModels).toBe(true);
    expect(env.allowRemoteModels).toBe(false);
    expect(env.localModelPath).toBe(path.resolve('models') + path.sep);
    expect(env.cacheDir).toBe(path.resolve('models'));
  });
});
