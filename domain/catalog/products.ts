import type { Product } from '../index.ts';

/**
 * The synthetic bank's product catalog. Figures are realistic for a UK retail bank in 2024–25 but
 * invented; every number a customer or RM sees about a product comes from here (and its terms).
 * Eligibility fields not given default as in EligibilitySchema (score 300, income 0, age 18–120).
 */
const p = (x: Omit<Product, 'feeNotes'> & { feeNotes?: string }): Product => ({ feeNotes: '', ...x });
const elig = (e: Partial<Product['eligibility']> = {}): Product['eligibility'] => ({
  minCreditScore: 300, minIncome: 0, minAge: 18, maxAge: 120, ...e,
});

export const PRODUCTS: Product[] = [
  // ── current accounts ──────────────────────────────────────────────────────────
  p({
    id: 'current-everyday', name: 'Everyday Current Account', category: 'current_account', riskLevel: 1,
    durationMonths: 0, annualFee: 0, feeNotes: 'no monthly fee; arranged overdraft 39.9% EAR',
    eligibility: elig({ minAge: 18 }),
    terms: 'The Everyday Current Account has no monthly fee and includes a contactless debit card and mobile banking. An arranged overdraft of up to £1,500 is available subject to status at 39.9% EAR. Payments out are free in the UK and 2.75% is charged on non-sterling card transactions. Deposits are protected by the FSCS up to £85,000.',
  }),
  p({
    id: 'current-premier', name: 'Premier Current Account', category: 'current_account', riskLevel: 1,
    durationMonths: 0, annualFee: 0, feeNotes: 'no monthly fee when £100k income paid in or £100k held; otherwise £25 a month',
    eligibility: elig({ minIncome: 75_000 }),
    terms: 'The Premier Current Account is for customers paying in at least £75,000 a year or holding £100,000 with the bank. It includes worldwide family travel insurance, fee-free foreign card spending and a dedicated relationship manager. If eligibility lapses a £25 monthly fee applies after 3 months notice. An arranged overdraft of up to £10,000 is available at 19.9% EAR.',
  }),
  // ── credit cards ─────────────────────────────────────────────────────────────
  p({
    id: 'card-cashback', name: 'Cashback Credit Card', category: 'credit_card', riskLevel: 2,
    aprPct: 24.9, durationMonths: 0, annualFee: 0, feeNotes: '1% cashback on all spend, 0.5% on supermarkets',
    eligibility: elig({ minCreditScore: 640, minIncome: 15_000 }),
    terms: 'The Cashback Credit Card pays 1% cashback on all purchases (0.5% at supermarkets), credited every December. The representative APR is 24.9% variable on a £1,200 assumed limit. There is no annual fee; late payment costs £12 and cash withdrawals carry a 3% fee (minimum £3). Credit limits range from £500 to £8,000 subject to status.',
  }),
  p({
    id: 'card-balance-transfer', name: '0% Balance Transfer Card', category: 'credit_card', riskLevel: 2,
    aprPct: 22.9, durationMonths: 0, annualFee: 0, feeNotes: '3.49% balance transfer fee; 0% for 24 months on transfers',
    eligibility: elig({ minCreditScore: 680, minIncome: 20_000 }),
    terms: 'Transfer balances within 60 days of opening and pay 0% interest on them for 24 months, with a 3.49% transfer fee. After the promotional period the standard rate of 22.9% APR variable applies. Purchases are at 0% for the first 3 months. Missing a payment can end the promotional rate early.',
  }),
  p({
    id: 'card-student', name: 'Student Credit Card', category: 'credit_card', riskLevel: 2,
    aprPct: 29.9, durationMonths: 0, annualFee: 0, feeNotes: 'limit £250–£1,000',
    eligibility: elig({ minCreditScore: 500, minAge: 18, maxAge: 30 }),
    terms: 'The Student Credit Card helps customers in full-time education build a credit history with a limit between £250 and £1,000. The representative APR is 29.9% variable and there is no annual fee. Customers can set spending alerts and an automatic minimum payment in the app. Late payment costs £12.',
  }),
  p({
    id: 'card-premium-travel', name: 'Platinum Travel Rewards Card', category: 'credit_card', riskLevel: 2,
    aprPct: 34.9, durationMonths: 0, annualFee: 195, feeNotes: '£195 annual fee; 0% foreign transaction fee; 1.5 points per £1',
    eligibility: elig({ minCreditScore: 740, minIncome: 60_000, minAge: 21 }),
    terms: 'The Platinum Travel Rewards Card earns 1.5 points per £1 spent (3 points abroad) with no foreign transaction fees and unlimited airport lounge access for the cardholder. The annual fee is £195 and the representative APR is 34.9% variable including the fee, on an assumed £1,200 limit. Limits start at £5,000. A 20,000-point welcome bonus is paid after £3,000 spend in the first 3 months.',
  }),
  // ── personal loans ──────────────────────────────────────────────────────────
  p({
    id: 'loan-personal', name: 'Personal Loan', category: 'personal_loan', riskLevel: 2,
    aprPct: 6.9, durationMonths: 60, annualFee: 0, feeNotes: 'no arrangement fee; early repayment up to 58 days interest',
    eligibility: elig({ minCreditScore: 660, minIncome: 18_000 }),
    terms: 'Borrow £1,000 to £25,000 over 1 to 5 years at a representative 6.9% APR fixed for £7,500–£25,000. Monthly repayments are fixed for the whole term and there is no arrangement fee. Repaying early costs up to 58 days interest. The rate offered depends on credit score and may differ from the representative rate.',
  }),
  p({
    id: 'loan-debt-consolidation', name: 'Debt Consolidation Loan', category: 'personal_loan', riskLevel: 2,
    aprPct: 9.4, durationMonths: 84, annualFee: 0, feeNotes: 'no arrangement fee',
    eligibility: elig({ minCreditScore: 600, minIncome: 15_000 }),
    terms: 'The Debt Consolidation Loan combines existing card and loan balances into one fixed monthly payment, borrowing £3,000 to £35,000 over up to 7 years. The representative APR is 9.4% fixed. Funds can be paid directly to other lenders. Extending a term lowers the monthly payment but can increase the total interest paid.',
  }),
  p({
    id: 'loan-car', name: 'Car Finance Loan', category: 'personal_loan', riskLevel: 2,
    aprPct: 7.4, durationMonths: 48, annualFee: 0,
    eligibility: elig({ minCreditScore: 640, minIncome: 18_000, minAge: 21 }),
    terms: 'Finance a new or used car with £5,000 to £40,000 over 2 to 5 years at a representative 7.4% APR fixed. The car is owned from day one as the loan is unsecured. There is no deposit requirement and no arrangement fee. Early settlement costs up to 58 days interest.',
  }),
  // ── mortgages ───────────────────────────────────────────────────────────────
  p({
    id: 'mortgage-fixed-2y', name: '2-Year Fixed Mortgage', category: 'mortgage', riskLevel: 3,
    aprPct: 4.64, durationMonths: 24, annualFee: 0, feeNotes: '£999 product fee; 3% early repayment charge in year 1, 2% in year 2',
    eligibility: elig({ minCreditScore: 700, minIncome: 30_000, minAge: 21, maxAge: 70 }),
    terms: 'A 2-year fixed rate of 4.64% up to 75% loan to value, then the standard variable rate (currently 7.49%). The overall cost for comparison is 7.1% APRC. A £999 product fee applies and early repayment charges are 3% in year 1 and 2% in year 2. Overpayments of up to 10% of the balance each year are free. Your home may be repossessed if you do not keep up repayments.',
  }),
  p({
    id: 'mortgage-fixed-5y', name: '5-Year Fixed Mortgage', category: 'mortgage', riskLevel: 3,
    aprPct: 4.29, durationMonths: 60, annualFee: 0, feeNotes: '£999 product fee; early repayment charge 5% falling to 1%',
    eligibility: elig({ minCreditScore: 700, minIncome: 30_000, minAge: 21, maxAge: 65 }),
    terms: 'A 5-year fixed rate of 4.29% up to 75% loan to value, followed by the standard variable rate (currently 7.49%); 6.3% APRC overall. Early repayment charges are 5%, 4%, 3%, 2% and 1% in years 1 to 5. A £999 product fee applies and up to 10% of the balance can be overpaid each year without charge. Your home may be repossessed if you do not keep up repayments.',
  }),
  p({
    id: 'mortgage-first-time', name: 'First-Time Buyer 95% Mortgage', category: 'mortgage', riskLevel: 3,
    aprPct: 5.19, durationMonths: 60, annualFee: 0, feeNotes: 'no product fee; £250 cashback on completion',
    eligibility: elig({ minCreditScore: 680, minIncome: 25_000, minAge: 18, maxAge: 55 }),
    terms: 'For first-time buyers with a 5% deposit: a 5-year fix at 5.19% up to 95% loan to value, with no product fee and £250 cashback on completion. The overall cost for comparison is 6.8% APRC. Early repayment charges run from 5% down to 1% over the fixed period. Your home may be repossessed if you do not keep up repayments.',
  }),
  p({
    id: 'mortgage-tracker', name: 'Lifetime Tracker Mortgage', category: 'mortgage', riskLevel: 4,
    aprPct: 5.24, durationMonths: 0, annualFee: 0, feeNotes: '£499 product fee; no early repayment charges',
    eligibility: elig({ minCreditScore: 720, minIncome: 40_000, minAge: 21, maxAge: 65 }),
    terms: 'A variable mortgage that tracks the Bank of England base rate plus 0.49% for the life of the loan, currently 5.24%. Payments rise and fall with the base rate, so monthly costs are not fixed. There are no early repayment charges and a £499 product fee. Available up to 60% loan to value. Your home may be repossessed if you do not keep up repayments.',
  }),
  // ── savings ─────────────────────────────────────────────────────────────────
  p({
    id: 'savings-easy-access', name: 'Easy Access Saver', category: 'savings', riskLevel: 1,
    expectedYieldPct: 3.1, durationMonths: 0, annualFee: 0, feeNotes: 'variable rate; unlimited withdrawals',
    eligibility: elig({ minAge: 16 }),
    terms: 'The Easy Access Saver pays 3.10% AER variable on balances from £1, with unlimited free withdrawals. Interest is calculated daily and paid monthly. Deposits are protected by the FSCS up to £85,000 per person. The rate can change with 14 days notice.',
  }),
  p({
    id: 'savings-bonus', name: 'Bonus Saver', category: 'savings', riskLevel: 1,
    expectedYieldPct: 4.5, durationMonths: 12, annualFee: 0, feeNotes: 'bonus lost in any month with a withdrawal',
    eligibility: elig({ minAge: 18 }),
    terms: 'The Bonus Saver pays 4.50% AER variable, made up of a 2.50% base rate and a 2.00% bonus for every month without a withdrawal. The bonus applies for 12 months from opening, after which the base rate applies. Balances up to £250,000 are accepted. Deposits are protected by the FSCS up to £85,000.',
  }),
  p({
    id: 'savings-regular', name: 'Regular Saver', category: 'savings', riskLevel: 1,
    expectedYieldPct: 6.0, durationMonths: 12, annualFee: 0, feeNotes: '£25–£300 a month',
    eligibility: elig({ minAge: 18 }),
    terms: 'Save £25 to £300 a month for 12 months and earn 6.00% AER fixed on the growing balance. Requires an Everyday or Premier current account. One penalty-free withdrawal is allowed; the account then converts to the Easy Access Saver at maturity. Because the balance builds up over the year, interest earned is about half of 6% of the total paid in.',
  }),
  p({
    id: 'savings-isa', name: 'Cash ISA', category: 'savings', riskLevel: 1,
    expectedYieldPct: 4.0, durationMonths: 0, annualFee: 0, feeNotes: 'tax-free up to £20,000 a year allowance',
    eligibility: elig({ minAge: 18 }),
    terms: 'The Cash ISA pays 4.00% AER variable, tax-free, on deposits within the £20,000 annual ISA allowance. Transfers in from other ISAs are accepted at no cost. Withdrawals are unlimited and flexible: money taken out can be replaced in the same tax year. Deposits are protected by the FSCS up to £85,000.',
  }),
  // ── term deposits ───────────────────────────────────────────────────────────
  p({
    id: 'deposit-6m', name: '6-Month Fixed Term Deposit', category: 'term_deposit', riskLevel: 1,
    expectedYieldPct: 4.4, durationMonths: 6, annualFee: 0, feeNotes: 'no withdrawals before maturity',
    eligibility: elig({ minAge: 18 }),
    terms: 'Lock away £1,000 to £500,000 for 6 months at 4.40% AER fixed. No withdrawals or additions are allowed before maturity. Interest is paid at maturity, when the balance moves to the Easy Access Saver unless new instructions are given. Deposits are protected by the FSCS up to £85,000.',
  }),
  p({
    id: 'deposit-12m', name: '1-Year Fixed Term Deposit', category: 'term_deposit', riskLevel: 1,
    expectedYieldPct: 4.6, durationMonths: 12, annualFee: 0, feeNotes: 'no withdrawals before maturity',
    eligibility: elig({ minAge: 18 }),
    terms: 'Lock away £1,000 to £500,000 for 12 months at 4.60% AER fixed. No withdrawals are allowed before maturity. Interest can be paid monthly (4.50% gross) or annually. Deposits are protected by the FSCS up to £85,000 per person.',
  }),
  p({
    id: 'deposit-36m', name: '3-Year Fixed Term Deposit', category: 'term_deposit', riskLevel: 1,
    expectedYieldPct: 4.3, durationMonths: 36, annualFee: 0, feeNotes: 'early closure only in hardship, 180 days interest penalty',
    eligibility: elig({ minAge: 18 }),
    terms: 'Fix £1,000 to £500,000 for 36 months at 4.30% AER. Early closure is allowed only in cases of hardship and costs 180 days interest. Interest is paid annually, or monthly at 4.21% gross. Deposits are protected by the FSCS up to £85,000 per person.',
  }),
  // ── funds ───────────────────────────────────────────────────────────────────
  p({
    id: 'fund-bond', name: 'Sterling Bond Fund', category: 'fund', riskLevel: 2,
    expectedYieldPct: 4.8, durationMonths: 0, annualFee: 0, feeNotes: '0.35% a year ongoing charge',
    eligibility: elig({ minAge: 18 }),
    terms: 'The Sterling Bond Fund invests in UK government and investment-grade corporate bonds, targeting income of about 4.8% a year. The ongoing charge is 0.35% a year and the minimum investment is £100 or £25 a month. Bond prices fall when interest rates rise, so the value can go down as well as up and you may get back less than you invest. Past performance is not a guide to future returns.',
  }),
  p({
    id: 'fund-balanced', name: 'Balanced Multi-Asset Fund', category: 'fund', riskLevel: 3,
    expectedYieldPct: 5.5, durationMonths: 0, annualFee: 0, feeNotes: '0.55% a year ongoing charge',
    eligibility: elig({ minAge: 18 }),
    terms: 'The Balanced Multi-Asset Fund holds about 60% global shares and 40% bonds, rebalanced quarterly, aiming for 5–6% a year over 5 years or more. The ongoing charge is 0.55% a year; the minimum investment is £100 or £25 a month. The value can go down as well as up and you may get back less than you invest. Suited to a time horizon of at least 5 years.',
  }),
  p({
    id: 'fund-equity', name: 'Global Equity Growth Fund', category: 'fund', riskLevel: 4,
    expectedYieldPct: 7.5, durationMonths: 0, annualFee: 0, feeNotes: '0.75% a year ongoing charge',
    eligibility: elig({ minAge: 18 }),
    terms: 'The Global Equity Growth Fund invests in around 300 large companies worldwide, aiming for long-term growth of about 7.5% a year over 10 years. The ongoing charge is 0.75% a year and the minimum investment is £500 or £50 a month. Share prices can fall sharply: in a bad year the fund could lose 30% or more. Past performance is not a guide to future returns.',
  }),
  p({
    id: 'fund-esg', name: 'Sustainable Future ESG Fund', category: 'fund', riskLevel: 4,
    expectedYieldPct: 6.8, durationMonths: 0, annualFee: 0, feeNotes: '0.65% a year ongoing charge',
    eligibility: elig({ minAge: 18 }),
    terms: 'The Sustainable Future ESG Fund invests in global companies screened for environmental, social and governance standards, excluding fossil fuel producers, tobacco and weapons. It aims for about 6.8% a year over 10 years with an ongoing charge of 0.65% a year. The minimum investment is £500 or £50 a month. The value can go down as well as up and you may get back less than you invest.',
  }),
  p({
    id: 'fund-emerging', name: 'Emerging Markets Opportunities Fund', category: 'fund', riskLevel: 5,
    expectedYieldPct: 9.0, durationMonths: 0, annualFee: 0, feeNotes: '0.95% a year ongoing charge',
    eligibility: elig({ minAge: 18, minIncome: 25_000 }),
    terms: 'The Emerging Markets Opportunities Fund invests in shares of companies in Asia, Latin America and Africa, aiming for about 9% a year over 10 years or more. The ongoing charge is 0.95% a year and the minimum investment is £1,000. It is highly volatile: falls of 40% in a year have happened, and currency movements add risk. Only suitable for money you will not need for at least 10 years.',
  }),
  // ── brokerage ───────────────────────────────────────────────────────────────
  p({
    id: 'brokerage-stocks-isa', name: 'Stocks and Shares ISA', category: 'brokerage', riskLevel: 3,
    expectedYieldPct: 6.0, durationMonths: 0, annualFee: 0, feeNotes: '0.25% a year platform fee (capped £120); £5.95 per share trade',
    eligibility: elig({ minAge: 18 }),
    terms: 'Invest up to £20,000 a year tax-free in funds, shares and ETFs. The platform fee is 0.25% a year, capped at £120, and share trades cost £5.95 (fund deals are free). Returns depend on what you hold; a diversified portfolio has historically returned around 6% a year over long periods. The value can go down as well as up and you may get back less than you invest.',
  }),
  p({
    id: 'brokerage-trading', name: 'Share Dealing Account', category: 'brokerage', riskLevel: 5,
    expectedYieldPct: 7.0, durationMonths: 0, annualFee: 0, feeNotes: '£5.95 per UK trade, £9.95 per US trade, 0.5% FX fee',
    eligibility: elig({ minAge: 18, minIncome: 20_000 }),
    terms: 'The Share Dealing Account gives access to UK and US shares, ETFs and investment trusts. Trades cost £5.95 in the UK and £9.95 in the US, with a 0.5% currency conversion fee, and there is no annual account fee. Holding individual shares is high risk: a single company can lose most or all of its value. This is an execution-only service with no advice.',
  }),
  // ── wealth management ───────────────────────────────────────────────────────
  p({
    id: 'wealth-managed-portfolio', name: 'Managed Portfolio Service', category: 'wealth_management', riskLevel: 3,
    expectedYieldPct: 6.0, durationMonths: 0, annualFee: 0, feeNotes: '0.95% a year management fee (all-in)',
    eligibility: elig({ minIncome: 50_000, minAge: 25, minCreditScore: 600 }),
    terms: 'A discretionary portfolio managed by our investment team in one of five risk profiles, from £25,000. The all-in management fee is 0.95% a year, including fund charges and dealing. A balanced profile aims for about 6% a year over 5 years. Customers receive quarterly reports and an annual review. The value can go down as well as up.',
  }),
  p({
    id: 'wealth-premier', name: 'Meridian Wealth Premier (NEW)', category: 'wealth_management', riskLevel: 4,
    expectedYieldPct: 7.0, durationMonths: 0, annualFee: 0, feeNotes: '0.75% a year on the first £1m, 0.5% above; no entry fee until 31 March',
    eligibility: elig({ minIncome: 100_000, minAge: 30, minCreditScore: 700 }),
    terms: 'Meridian Wealth Premier is our new flagship wealth service for clients investing £250,000 or more: a dedicated private banker, a bespoke discretionary portfolio including private-market funds, and annual tax and estate planning. The fee is 0.75% a year on the first £1m and 0.50% above, with no entry fee for clients who join before 31 March. A growth mandate targets about 7% a year over 7 years or more. The value can go down as well as up and you may get back less than you invest.',
  }),
  // ── insurance ───────────────────────────────────────────────────────────────
  p({
    id: 'insurance-life', name: 'Term Life Insurance', category: 'insurance', riskLevel: 1,
    durationMonths: 240, annualFee: 216, feeNotes: 'premium from £18 a month for £200k cover',
    eligibility: elig({ minAge: 18, maxAge: 70 }),
    terms: 'Term Life Insurance pays a fixed lump sum of £50,000 to £1m if the policyholder dies during the 5–40 year term. A non-smoking 40-year-old pays about £18 a month for £200,000 over 20 years; premiums are fixed for the term. Terminal illness with under 12 months life expectancy is also covered. There is no cash value if the policy is cancelled.',
  }),
  p({
    id: 'insurance-home', name: 'Home Insurance', category: 'insurance', riskLevel: 1,
    durationMonths: 12, annualFee: 240, feeNotes: 'from £20 a month; £100 excess',
    eligibility: elig({ minAge: 18 }),
    terms: 'Home Insurance covers buildings up to £1m and contents up to £75,000, renewable every 12 months. A typical premium is £240 a year, or £20 a month, with a £100 standard excess (£350 for escape of water). Accidental damage and personal possessions away from home are optional extras. Claims are handled 24/7 by phone or in the app.',
  }),
  p({
    id: 'insurance-income-protection', name: 'Income Protection Insurance', category: 'insurance', riskLevel: 1,
    durationMonths: 0, annualFee: 360, feeNotes: 'from £30 a month; 13-week waiting period',
    eligibility: elig({ minAge: 18, maxAge: 60, minIncome: 20_000 }),
    terms: 'Income Protection pays up to 60% of gross income (maximum £10,000 a month) if illness or injury stops you working, after a 13-week waiting period. Payments continue until return to work, retirement age or the end of the policy. A typical premium for an office worker aged 35 is £30 a month. Pre-existing conditions may be excluded.',
  }),
  p({
    id: 'insurance-travel', name: 'Annual Travel Insurance', category: 'insurance', riskLevel: 1,
    durationMonths: 12, annualFee: 89, feeNotes: '£89 a year for a family; £75 excess',
    eligibility: elig({ minAge: 18, maxAge: 79 }),
    terms: 'Annual multi-trip travel insurance covers trips of up to 31 days worldwide for the whole family for £89 a year. Medical cover is up to £10m and cancellation cover up to £5,000 per person, with a £75 excess per claim. Winter sports cover is an optional extra at £25. Premier Current Account holders already have this cover.',
  }),
  // ── pension ─────────────────────────────────────────────────────────────────
  p({
    id: 'pension-sipp', name: 'Self-Invested Personal Pension (SIPP)', category: 'pension', riskLevel: 3,
    expectedYieldPct: 6.0, durationMonths: 0, annualFee: 0, feeNotes: '0.35% a year platform fee; no drawdown fee',
    eligibility: elig({ minAge: 18, maxAge: 75 }),
    terms: 'The SIPP lets customers save for retirement with 20% tax relief added to contributions (more for higher-rate taxpayers), up to £60,000 a year. The platform fee is 0.35% a year and there is no fee to start drawdown. Money is usually available from age 55 (57 from 2028), with 25% tax-free. Investments can go down as well as up; a balanced mix has historically returned about 6% a year.',
  }),
  p({
    id: 'pension-annuity', name: 'Guaranteed Retirement Annuity', category: 'pension', riskLevel: 1,
    expectedYieldPct: 6.9, durationMonths: 0, annualFee: 0, feeNotes: 'no ongoing fee; rate fixed at purchase',
    eligibility: elig({ minAge: 55 }),
    terms: 'The Guaranteed Retirement Annuity turns a pension pot of £10,000 or more into a fixed income for life. A healthy 65-year-old currently receives about £6,900 a year for every £100,000 (6.9%), with options for inflation-linking or a spouse pension at a lower starting rate. The income is guaranteed and cannot be changed or cashed in once bought. Shopping around for the best rate is recommended.',
  }),
];
