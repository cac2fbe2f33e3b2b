import type { Customer } from '../../domain/index.ts';
import { GOALS, type LIFE_STAGES } from '../../domain/index.ts';
import type { Rng } from '../../lib/random/index.ts';
import { clamp, sigmoid } from './math.ts';

/**
 * Observable customer features with realistic joint distributions, and the latent traits that
 * drive them. Latent traits are NOT customer fields: they feed the hidden preferences only.
 *
 * Causal order: life stage → age → (affluence) income → savings; discipline → utilization →
 * credit score; age → digital engagement, horizon; risk appetite + affluence + age → risk tolerance;
 * life stage + finances → goals.
 */
type LifeStage = (typeof LIFE_STAGES)[number];
type Goal = (typeof GOALS)[number];

export interface Latent {
  /** Wealth beyond what life stage explains (log-income shift). */
  affluence: number;
  /** Pays on time, keeps utilization low. */
  discipline: number;
  /** Appetite for investment risk. */
  riskAppetite: number;
  /** Saves a large share of income. */
  thrift: number;
}

export type Profile = Omit<Customer, 'productsHeld' | 'loanAmount'>;

const STAGE_WEIGHTS: [LifeStage, number, [number, number], number][] = [
  // stage, weight, age range, median income (£)
  ['student', 0.08, [18, 25], 9_000],
  ['young_professional', 0.2, [22, 35], 36_000],
  ['young_family', 0.19, [27, 45], 46_000],
  ['established_family', 0.2, [38, 58], 55_000],
  ['pre_retirement', 0.14, [52, 67], 50_000],
  ['retired', 0.19, [63, 92], 24_000],
];

/** Savings as a multiple of income, by life stage (median). */
const SAVINGS_MULTIPLE: Record<LifeStage, number> = {
  student: 0.15,
  young_professional: 0.18,
  young_family: 0.2,
  established_family: 0.45,
  pre_retirement: 1.1,
  retired: 2.2,
};

const GOAL_WEIGHTS: Record<LifeStage, Partial<Record<Goal, number>>> = {
  student: { education: 4, travel: 3, build_savings: 3, buy_home: 0.5 },
  young_professional: { buy_home: 4, build_savings: 4, travel: 3, wealth_growth: 2, education: 1 },
  young_family: { buy_home: 3, protect_family: 4, build_savings: 3, education: 2, wealth_growth: 1 },
  established_family: { education: 3, protect_family: 3, wealth_growth: 3, retirement: 2, build_savings: 2 },
  pre_retirement: { retirement: 5, wealth_growth: 3, protect_family: 1, travel: 1, build_savings: 1 },
  retired: { retirement: 3, travel: 3, protect_family: 2, build_savings: 2, wealth_growth: 1 },
};

const FIRST_NAMES = [
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Mia',
  'Grace',
  'Sophia',
  'Emily',
  'Freya',
  'Poppy',
  'Evie',
  'Chloe',
  'Priya',
  'Aisha',
  'Zara',
  'Hannah',
  'Lucy',
  'Sarah',
  'Fatima',
  'Mei',
  'Margaret',
  'Susan',
  'Helen',
  'Joanne',
  'Niamh',
  'Siobhan',
  'Ananya',
  'Oliver',
  'George',
  'Noah',
  'Arthur',
  'Leo',
  'Harry',
  'Jack',
  'Oscar',
  'Charlie',
  'Muhammad',
  'Jacob',
  'Thomas',
  'James',
  'William',
  'Daniel',
  'David',
  'Michael',
  'Arjun',
  'Rohan',
  'Kwame',
  'Tomasz',
  'Liam',
  'Callum',
  'Ewan',
  'Rhys',
  'Dylan',
  'Peter',
  'Richard',
  'Graham',
  'Kenneth',
  'Wei',
  'Hiroshi',
  'Mateo',
];
const LAST_NAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Thomas',
  'Clarke',
  'Jackson',
  'Wood',
  'Harris',
  'Edwards',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Hughes',
  'Moore',
  'Clark',
  'King',
  'Harrison',
  'Lewis',
  'Baker',
  'Lee',
  'Allen',
  'Morris',
  'Khan',
  'Scott',
  'Watson',
  'Davis',
  'Parker',
  'James',
  'Bennett',
  'Young',
  'Price',
  'Murphy',
  'Kelly',
  'Campbell',
  'Stewart',
  'Singh',
  'Ali',
  'Chen',
  'Nowak',
  'Okafor',
  'Mensah',
  'Begum',
  'Macdonald',
];

const round = (x: number, step: number) => Math.round(x / step) * step;

export function sampleLatent(rng: Rng): Latent {
  return { affluence: rng.normal(), discipline: rng.normal(), riskAppetite: rng.normal(), thrift: rng.normal() };
}

export function sampleProfile(rng: Rng, id: string, latent: Latent): Profile {
  const stageIndex = rng.weighted(STAGE_WEIGHTS.map((s) => s[1]));
  const [lifeStage, , [ageLo, ageHi], medianIncome] = STAGE_WEIGHTS[stageIndex];
  const age = Math.round(clamp(rng.uniform(ageLo, ageHi) + rng.normal(0, 1.5), 18, 100));

  // Income: log-normal around the stage median, shifted by affluence.
  const logIncome = Math.log(medianIncome) + 0.45 * latent.affluence + rng.normal(0, 0.3);
  const income = round(clamp(Math.exp(logIncome), lifeStage === 'student' ? 0 : 6_000, 2_500_000), 100);

  // Savings: log-normal multiple of income by stage, thrift and affluence; some have nothing.
  const noSavings = rng.chance(0.06 + 0.08 * sigmoid(-latent.thrift * 2));
  const savingsBalance = noSavings
    ? 0
    : round(
        Math.max(income, 8_000) *
          SAVINGS_MULTIPLE[lifeStage] *
          Math.exp(0.6 * latent.thrift + 0.35 * latent.affluence + rng.normal(0, 0.7)),
        10,
      );

  // Revolving-credit utilization falls with discipline; credit score falls with utilization and
  // rises with age (credit history) and discipline.
  const creditUtilization = Number(
    clamp(sigmoid(-1.0 - 0.9 * latent.discipline + rng.normal(0, 0.7)), 0, 1).toFixed(3),
  );
  const creditScore = Math.round(
    clamp(
      640 +
        45 * latent.discipline +
        12 * latent.affluence +
        1.6 * Math.min(age - 18, 40) -
        160 * (creditUtilization - 0.3) +
        rng.normal(0, 25),
      300,
      850,
    ),
  );

  const digitalEngagement = Number(clamp(sigmoid(1.6 - 0.055 * (age - 35) + rng.normal(0, 0.8)), 0, 1).toFixed(2));
  const tenureYears = Math.max(0, Math.min(age - 18, Math.round(-Math.log(1 - rng.next()) * (4 + 0.25 * (age - 18)))));

  const riskScore = latent.riskAppetite + 0.35 * latent.affluence - 0.03 * (age - 45) + rng.normal(0, 0.4);
  const riskTolerance = riskScore < -0.55 ? 'low' : riskScore > 0.75 ? 'high' : 'medium';

  const horizonScore = (67 - age) / 14 + 0.4 * latent.riskAppetite + rng.normal(0, 0.6);
  const investmentHorizon = horizonScore < 0.8 ? 'short' : horizonScore > 2.0 ? 'long' : 'medium';

  const segment =
    lifeStage === 'student' && income < 20_000
      ? 'student'
      : income >= 150_000 || savingsBalance >= 400_000
        ? 'high_net_worth'
        : income >= 75_000 || savingsBalance >= 100_000
          ? 'affluent'
          : age < 70 && rng.chance(0.07)
            ? 'small_business'
            : 'mass';

  const goals = sampleGoals(rng, lifeStage, { creditUtilization, latent, income });
  const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
  return {
    id,
    name,
    age,
    income,
    creditScore,
    creditUtilization,
    savingsBalance,
    digitalEngagement,
    tenureYears,
    lifeStage,
    riskTolerance,
    investmentHorizon,
    segment,
    goals,
  };
}

function sampleGoals(
  rng: Rng,
  stage: LifeStage,
  f: { creditUtilization: number; latent: Latent; income: number },
): Goal[] {
  const w: Record<string, number> = { ...GOAL_WEIGHTS[stage] };
  if (f.creditUtilization > 0.55) w.debt_consolidation = (w.debt_consolidation ?? 0) + 6 * f.creditUtilization;
  w.wealth_growth = (w.wealth_growth ?? 0) * Math.exp(0.5 * f.latent.riskAppetite + 0.4 * f.latent.affluence);
  w.build_savings = (w.build_savings ?? 0) * Math.exp(0.4 * f.latent.thrift);
  const n = rng.weighted([0.35, 0.45, 0.2]) + 1;
  const keys = Object.keys(w);
  const weights = keys.map((k) => w[k]);
  const out: Goal[] = [];
  for (let i = 0; i < n && out.length < keys.length; i++) {
    const k = rng.weighted(weights);
    if (weights[k] === 0) break;
    out.push(keys[k] as Goal);
    weights[k] = 0;
  }
  // Stable order (schema order) so descriptions and hashes do not depend on draw order.
  return GOALS.filter((g) => out.includes(g));
}
