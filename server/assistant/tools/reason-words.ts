import { formatEnum, formatMoney, formatShare, formatYears, listInWords } from '../../../domain/format.ts';
import type { Customer } from '../../../domain/index.ts';

/**
 * A recommender feature group (the unit of its exact SHAP values) as a reason a person can read:
 * "your savings of £12,000", "Priya's long investment horizon". Never a raw product id or a
 * model label like "Credit (score, utilization, loans)".
 */
export function reasonWords(group: string, c: Customer, audience: 'customer' | 'rm'): string {
  const whose = audience === 'customer' ? 'your' : `${c.name.split(' ')[0]}'s`;
  switch (group) {
    case 'income':
      return `${whose} income of ${formatMoney(c.income)} a year`;
    case 'credit':
      return `${whose} credit score of ${c.creditScore}`;
    case 'age_life_stage':
      return `${whose} stage of life (${formatEnum(c.lifeStage)}, ${c.age})`;
    case 'risk_tolerance':
      return `${whose} ${c.riskTolerance} risk tolerance`;
    case 'investment_horizon':
      return `${whose} ${c.investmentHorizon} investment horizon`;
    case 'savings':
      return `${whose} savings of ${formatMoney(c.savingsBalance)}`;
    case 'engagement':
      return `${whose} ${formatYears(c.tenureYears)} with us and ${formatShare(c.digitalEngagement)} digital banking`;
    case 'segment':
      return `${whose} ${formatEnum(c.segment)} banking segment`;
    case 'goals':
      return c.goals.length ? `${whose} goals (${listInWords(c.goals.map(formatEnum))})` : `${whose} stated goals`;
    case 'products_held':
      return `the products ${audience === 'customer' ? 'you already have' : `${c.name.split(' ')[0]} already has`}`;
    default:
      return `${whose} profile`;
  }
}
