import os from 'node:os';
import { workerData } from 'piscina';
import { loadRecommender } from '../index.ts';
import type { PoolTask, PoolWorkerData, RecommendResult } from './protocol.ts';
import type { ProductScore } from '../types.ts';

const data = workerData as PoolWorkerData;
// Scoring waits a little when the event loop needs the core: a request's answer matters more
// than the order of batch work. Without the privilege to lower a thread's priority, it stays.
if (data.nice) {
  try {
    os.setPriority(data.nice);
  } catch {
    /* not permitted here */
  }
}

/** Loaded once per worker thread, when the pool starts it (not on its first task). */
const recommender = loadRecommender(data);

export default async function handle(task: PoolTask): Promise<RecommendResult | ProductScore[] | Float32Array> {
  const r = await recommender;
  if (task.op === 'scoreMatrix') return (await r.scoreMatrix(task.customers)).scores;
  if (task.op === 'scoreProduct') return r.scoreProduct(task.customers, task.productId);
  const recommendations = await r.recommend(task.customer, { k: task.k });
  if (!task.explainAll) return { recommendations };
  return { recommendations, explanations: [...(await r.explain(task.customer)).entries()] };
}
