import type { Customer } from '../../domain/index.ts';
import {
  fileTransactionSource,
  syntheticTransactionSource,
  type TransactionSource,
} from '../../data/transactions/source.ts';
import { computeInsights, type Insight, type InsightOptions, type Insights } from './insights.ts';

/** What the chat grounding carries: the summary sentence and each insight with its figures. */
export interface InsightsGrounding {
  period: Insights['period'];
  summary: string;
  alerts: Insight[];
  insights: Insight[];
}

/** The `deps.insights` service. */
export interface InsightsService {
  readonly source: TransactionSource['kind'];
  forCustomer(customer: Customer): Promise<Insights | undefined>;
  forChat(customer: Customer): Promise<InsightsGrounding | undefined>;
}

export function createInsightsService(source: TransactionSource, options: InsightOptions = {}): InsightsService {
  const forCustomer = async (customer: Customer) => {
    const rows = await source.get(customer);
    return rows?.length ? computeInsights(customer.id, rows, options) : undefined;
  };
  return {
    source: source.kind,
    forCustomer,
    async forChat(customer) {
      const i = await forCustomer(customer);
      return i && { period: i.period, summary: i.summary, alerts: i.alerts, insights: i.insights };
    },
  };
}

/** The server's insights service: the configured transactions file, else synthetic regeneration from the seed. */
export async function createInsightsServiceFromConfig(config: {
  seed: number;
  transactionsFile?: string;
}): Promise<InsightsService> {
  const source = config.transactionsFile
    ? await fileTransactionSource(config.transactionsFile)
    : syntheticTransactionSource(config.seed);
  return createInsightsService(source);
}
