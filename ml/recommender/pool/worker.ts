import { workerData } from 'piscina';
import { loadRecommender } from '../index.ts';
import type { PoolTask, PoolWorkerData, RecommendResult } from './protocol.ts';
import type { ProductScore } from '../types.ts';

/** Loaded once per worker thread, when the pool starts it (not on its first task). */
const recommender = loadRecommender(workerData as PoolWorkerData);

export default async function handle(task: PoolTask): Promise<RecommendResult | ProductScore[] | Float32Array> {
  const r = await recommender;
  if (task.op === 'scoreMatrix') return (await r.scoreMatrix(task.customers)).scores;
  if (task.op === 'scoreProduct') return r.scoreProduct(task.customers, task.productId);
  const recommendations = await r.recommend(task.customer, { k: task.k });
  if (!task.explainAll) return { recommendations };
  return { recommendations, explanations: [...(await r.explain(task.customer)).entries()] };
}
