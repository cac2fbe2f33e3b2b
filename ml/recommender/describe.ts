import type { Customer } from '../../domain/index.ts';

const money = (n: number) => `£${Math.round(n).toLocaleString('en-GB')}`;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const words = (s: string) => s.replace(/_/g, ' ');

/** The customer's value of one feature group, in words, for SHAP explanations. */
export function describeGroup(group: string, c: Customer): string {
  switch (group) {
    case 'income':
      return `${money(c.income)} a year`;
    case 'credit':
      return `credit score ${c.creditScore}, utilization ${pct(c.creditUtilization)}, loans ${money(c.loanAmount)}`;
    case 'age_life_stage':
      return `${c.age}, ${words(c.lifeStage)}`;
    case 'risk_tolerance':
      return words(c.riskTolerance);
    case 'investment_horizon':
      return `${words(c.investmentHorizon)} term`;
    case 'savings':
      return money(c.savingsBalance);
    case 'engagement':
      return `${pct(c.digitalEngagement)} digital, ${c.tenureYears} years with the bank`;
    case 'segment':
      return words(c.segment);
    case 'goals':
      return c.goals.length ? c.goals.map(words).join(', ') : 'none stated';
    case 'products_held':
      return c.productsHeld.length ? `${c.productsHeld.length}: ${c.productsHeld.join(', ')}` : 'none';
    default:
      return '';
  }
}
