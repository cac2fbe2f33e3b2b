/**
 * The ways customers and RMs name each catalog product besides its full name, written in the
 * normalised form `normalise` produces (lower case, digits for number words, no hyphens). Kept
 * here, beside the linker, because they are conversational names ("the platinum card", "a
 * 5 year fix"), not filter vocabulary.
 */
export const PRODUCT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'current-everyday': ['everyday current account', 'everyday account', 'everyday current', 'basic account'],
  'current-premier': ['premier current account', 'premier account', 'premier current'],
  'card-cashback': ['cashback card', 'cashback credit card', 'cash back card', 'cashback'],
  'card-balance-transfer': [
    'balance transfer card',
    'balance transfer',
    '0% card',
    '0 percent card',
    'zero percent card',
  ],
  'card-student': ['student card', 'student credit card'],
  'card-premium-travel': [
    'platinum card',
    'platinum travel',
    'travel rewards card',
    'travel card',
    'rewards card',
    'platinum',
  ],
  'loan-personal': ['personal loan'],
  'loan-debt-consolidation': ['debt consolidation loan', 'consolidation loan', 'debt consolidation'],
  'loan-car': ['car loan', 'car finance', 'auto loan', 'vehicle finance'],
  'mortgage-fixed-2y': ['2 year fixed', '2 year fix', '2yr fixed', '2 year mortgage', '2 year fixed rate'],
  'mortgage-fixed-5y': ['5 year fixed', '5 year fix', '5yr fixed', '5 year mortgage', '5 year fixed rate'],
  'mortgage-first-time': ['first time buyer', 'first time buyers', '95% mortgage', 'first time mortgage'],
  'mortgage-tracker': ['tracker mortgage', 'lifetime tracker', 'tracker'],
  'savings-easy-access': ['easy access saver', 'easy access', 'instant access', 'easy saver'],
  'savings-bonus': ['bonus saver', 'bonus savings'],
  'savings-regular': ['regular saver', 'monthly saver', 'regular savings'],
  'savings-isa': ['cash isa'],
  'deposit-6m': ['6 month fixed', '6 month deposit', '6 month term deposit', '6 month fixed term', '6 month bond'],
  'deposit-12m': [
    '1 year fixed term',
    '1 year deposit',
    '12 month deposit',
    '12 month fixed',
    '1 year fixed deposit',
    '1 year bond',
  ],
  'deposit-36m': ['3 year fixed term', '3 year deposit', '36 month deposit', '3 year fixed deposit', '3 year bond'],
  'fund-bond': ['sterling bond fund', 'bond fund'],
  'fund-balanced': ['balanced fund', 'multi asset fund', 'balanced multi asset'],
  'fund-equity': ['global equity fund', 'equity growth fund', 'global equity', 'equity fund', 'growth fund'],
  'fund-esg': ['esg fund', 'sustainable fund', 'ethical fund', 'green fund', 'sustainable future', 'esg'],
  'fund-emerging': ['emerging markets fund', 'emerging markets', 'emerging market fund'],
  'brokerage-stocks-isa': ['stocks and shares isa', 'stocks & shares isa', 's&s isa', 'stocks and shares'],
  'brokerage-trading': ['share dealing account', 'share dealing', 'trading account', 'dealing account'],
  'wealth-managed-portfolio': ['managed portfolio service', 'managed portfolio'],
  'wealth-premier': ['wealth premier', 'premier wealth'],
  'insurance-life': ['term life insurance', 'life insurance', 'term life', 'life cover', 'life policy'],
  'insurance-home': ['home insurance', 'house insurance', 'contents insurance', 'buildings insurance'],
  'insurance-income-protection': ['income protection insurance', 'income protection'],
  'insurance-travel': ['annual travel insurance', 'travel insurance'],
  'pension-sipp': ['self invested personal pension', 'sipp', 'personal pension'],
  'pension-annuity': ['guaranteed retirement annuity', 'retirement annuity', 'annuity'],
};

/**
 * Words that name more than one product: a mention of one of these alone is ambiguous and the
 * assistant asks which one is meant (unless the conversation already narrowed it down).
 */
export const AMBIGUOUS_NAMES: Readonly<Record<string, readonly string[]>> = {
  isa: ['savings-isa', 'brokerage-stocks-isa'],
  'fixed mortgage': ['mortgage-fixed-2y', 'mortgage-fixed-5y'],
  'fixed rate mortgage': ['mortgage-fixed-2y', 'mortgage-fixed-5y'],
  'fixed term deposit': ['deposit-6m', 'deposit-12m', 'deposit-36m'],
  'fixed deposit': ['deposit-6m', 'deposit-12m', 'deposit-36m'],
  'term deposit': ['deposit-6m', 'deposit-12m', 'deposit-36m'],
  'fixed saver': ['deposit-6m', 'deposit-12m', 'deposit-36m'],
  premier: ['current-premier', 'wealth-premier'],
  'travel rewards': ['card-premium-travel'],
};
