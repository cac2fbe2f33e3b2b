/**
 * The words that signal each assistant intent, as regular expressions over `normalise`d text
 * (lower case, digits for number words, hyphens as spaces). Several cues usually fire; the planner
 * (understand.ts) decides between them with the entities it found. Kept apart from the planner so
 * the vocabulary can be read and tested on its own.
 */
const CUES = {
  // Dialogue
  greeting:
    /^\s*(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening|day)|morning|afternoon|evening|greetings)\b/,
  thanks: /\b(?:thanks?|thank you|thankyou|thx|ta|cheers|appreciate(?:d| it)|much obliged|grateful)\b/,
  goodbye:
    /\b(?:bye|goodbye|good bye|see (?:you|ya)|that'?s all|that is all|nothing else|have a (?:good|nice|great) (?:day|one|evening|weekend)|talk (?:to you )?later|i'?m done|all done|cya)\b/,
  wellbeing: /\bhow are (?:you|u|things)\b|\bhow'?s it going\b|\bhow do you do\b|\bare you (?:ok|well|there)\b/,
  capabilities:
    /\bwhat (?:can|do) you (?:do|help (?:me )?with|know)\b|\bwho are you\b|\bwhat are you\b|\bare you (?:a )?(?:bot|robot|human|real|ai)\b|\bhow (?:can|do) you help\b|^\s*help\s*$/,
  acknowledgement:
    /^\s*(?:ok|okay|k|great|cool|nice|perfect|got it|understood|sure|fine|alright|all right|brilliant|lovely|super|awesome|right|yes|yep|yeah|no|nope|no worries|sounds good)\s*[.!]*\s*$/,

  // Hand-off to a person (customer mode)
  person:
    /\b(?:speak|talk|chat) (?:to|with) (?:a |an |the |someone|somebody|real|human|person|agent|adviser|advisor|representative|manager|member of staff|staff)|\b(?:real|actual|live) (?:person|human|agent)\b|\bhuman being\b|\bcall me back\b|\bcallback\b|\bcontact me\b|\bput me through\b/,
  complaint:
    /\bcomplain\w*|\bunacceptable\b|\bdisgust\w*|\bfurious\b|\bappalling\b|\bterrible service\b|\bawful service\b|\bpoor service\b|\bnot happy with\b|\bunhappy with\b|\bombudsman\b|\bfed up\b|\bridiculous\b|\bshocking\b/,
  fraud:
    /\bfraud\w*|\bscam\w*|\bstolen\b|\bsto(?:le|len) my\b|\blost my (?:card|wallet|purse|phone)|\bcard (?:was|is|has been|got) (?:lost|stolen|taken)|\b(?:don'?t|do not|didn'?t|did not) (?:recogni[sz]e|make|authori[sz]e)\b|\bnot recogni[sz]ed\b|\bunauthori[sz]ed\b|\bhacked\b|\bcompromised\b|\bsomeone (?:has )?(?:used|took|taken|accessed|is using)\b|\bphishing\b|\bsuspicious (?:transaction|payment|activity|charge|text|email|call)/,
  dispute:
    /\bcharged twice\b|\bdouble charged\b|\bdisput\w*|\bchargeback\b|\bovercharged\b|\bwrong amount\b|\brefund\w*|\b(?:payment|transfer|money) (?:hasn'?t|has not|didn'?t|did not|never) (?:arrived|come|reached|gone)|\bcharged me (?:for|a fee)\b/,

  // Outside banking
  offTopic:
    /\bthe match\b|\bkick ?off\b|\btonight\b|\bweather\b|\bforecast\b|\bfootball\b|\bsoccer\b|\bcricket\b|\btennis\b|\bsport\w*|\brecipe\w*|\bcook\w*|\bjoke\w*|\bmovie\w*|\bfilm\w*|\bsong\w*|\blyrics\b|\bpoem\w*|\bpolitic\w*|\belection\w*|\bprime minister\b|\bpresident\b|\bcelebrit\w*|\bhoroscope\b|\bmeaning of life\b|\bcapital of\b|\btranslate\b|\bhomework\b|\bwrite (?:me )?(?:a|an|some) (?:code|story|essay|poem|song)|\bpython\b|\bjavascript\b|\bdinner\b|\brestaurant\w*|\bholiday (?:ideas|destinations)\b|\bwho (?:won|will win)\b|\btell me a (?:story|fact)\b/,

  // Product questions
  fee: /\bfees?\b|\bcosts?\b|\bcost\w*|\bpay (?:anything|something|to hold)\b|\beach year\b|\bper (?:year|month|annum)\b|\bannually\b|\bset (?:me|you|us) back\b|\bpremiums?\b|\bcharges?\b|\bcharged\b|\bprice\b|\bhow much (?:is|does|do|would|will)\b|\bmonthly fee\b|\bannual fee\b|\bfree\b|\bpay (?:for|to have)\b/,
  rate: /\brates?\b|\binterest\b|\bapr\b|\baer\b|\byield\w*|\breturns?\b|\bpays\b|\bwhat does .{1,40} pay\b|\bearn (?:on|from|with)\b|\bpercentage\b|\b% ?(?:a|per) year\b/,
  term: /\bterm\b|\bhow long\b|\block(?:ed|s)? (?:in|away|up|my money)\b|\btie[sd]? up\b|\bnotice\b|\bduration\b|\bwithdraw\w*|\baccess (?:my|the) money\b/,
  eligibilityAsk:
    /\bneed to (?:earn|have|be|make)\b|\bhow much do (?:i|you) need\b|\bfrom what age\b|\bhow old\b|\bage limits?\b|\bwho can (?:apply|get|have)\b|\bwho is (?:it|this) for\b|\bwould you (?:lend|give|offer|approve) me\b|\bwill you (?:lend|approve)\b|\b(?:can|could|would|will|might) (?:i|we|she|he|they) (?:get|have|apply|open|qualify|be (?:approved|accepted|eligible)|take out|sign up)\b|\b(?:am i|is she|is he|are they|are we) (?:eligible|allowed|able to get|approved|accepted)\b|\beligib\w*|\bqualif\w*|\brequirements?\b|\bcriteria\b|\bwho can (?:get|apply|open)\b|\bwhat do (?:i|you) need to (?:get|apply|open)\b|\bminimum (?:credit score|income|age)\b|\bchances of (?:getting|being)\b|\b(?:can|could) (?:i|we) afford\b|\bhow much (?:could|can|would|will) (?:i|we|you) (?:borrow|lend)\b/,
  // The small print of a product: its terms text.
  details:
    /\bterms and conditions\b|\bt ?(?:&|and) ?cs?\b|\b(?:the|its|their|what are the|any) (?:terms|conditions)\b|\bsmall print\b|\bfine print\b|\bwhat(?:'s| is) the catch\b|\bany catch\b|\bearly (?:repayment|redemption|exit) (?:charges?|fees?|penalt\w*)\b|\bhow much (?:of a )?deposit\b|\bwhat deposit\b|\bdeposit (?:do|would|will) i need\b|\bcashback\b|\bfull details\b|\bmore details\b/,
  risk: /\brisks?\b|\brisk(?:y|iest|ier)\b|\bvolatil\w*|\bsafe(?:r|st|ty)?\b|\bsecure\b/,
  overview:
    /\btell me (?:more )?about\b|\bwhat (?:is|are|'s) (?:the|a|an|your)?\b|\bmore (?:info|information|details)\b|\bdetails (?:of|on|about)\b|\bexplain\b|\bdescribe\b|\bhow does .* work\b|\bwhat do you know about\b|\bwhat about\b|\bany good\b/,
  compare:
    /\bcompar\w*|\bversus\b|\bvs\.?\b|\bdifference(?:s)? between\b|\bdiffer\b|\bwhich (?:is|one is|would be) (?:better|cheaper|best|safer|riskier)\b|\bbetter (?:than|for me)\b|\bcheaper\b|\bor (?:the|a|an)\b.*\?/,
  guarantee:
    /\bguarantee\w*|\brisk ?free\b|\bno risk\b|\bwithout (?:any )?risk\b|\bcan'?t lose\b|\bcannot lose\b|\blos(?:e|ing) (?:my |any |the )?(?:money|savings|capital)\b|\bcapital (?:is )?(?:protected|safe|guaranteed)\b|\bprotected\b|\bsafe(?:st)? (?:place|way|option|bet|investment|home)\b/,

  // About the customer's own money (customer mode)
  myMoney:
    /\bhow many (?:accounts|products|cards)\b|\b(?:still )?owe\b|\bhave i got\b|\bmy (?:current |total )?(?:balance|savings|saving|income|salary|credit score|score|credit rating|loans?|debts?|borrowing|utili[sz]ation|limit|accounts?|products|cards?|mortgage|money|profile|details|goals|risk (?:tolerance|profile))\b|\bhow much (?:money )?(?:do i have|have i got|have i saved|i have|did i save|do i owe|i owe)\b|\bwhat (?:do|did) i (?:have|hold|own|owe)\b|\bwhich (?:products|accounts|cards) (?:do i|i) (?:have|hold)\b|\bwhat (?:products|accounts) (?:do i|i) (?:have|hold)\b|\bam i (?:in debt|overdrawn)\b|\bwhat(?:'s| is) my\b/,
  spending:
    /\bspen[dt]\w*|\b(?:expensive|costly|pricey) habits?\b|\bsplurg\w*|\bwhere (?:does|did) (?:all )?(?:my|the) money go\b|\bouting\w*|\boutgoings?\b|\bbudget\w*|\bsubscriptions?\b|\bwhere (?:does|did|is|has) (?:all )?my money (?:go|going|gone)\b|\btransactions?\b|\bexpenses?\b|\boverspen\w*|\bcut back\b|\bsave more\b.*\bhow\b|\bmy (?:bills|purchases|payments)\b/,

  // Service / how-to
  howTo:
    /\bhow (?:do|can|would|should|to|does one) (?:i|we|you)?\b|\bhow to\b|\bwhere (?:do|can|should) i\b|\bwhat (?:do|should) i do\b|\bwhat happens if\b|\bcan i (?:change|reset|update|cancel|block|unblock|unlock|activate|order|close|report|freeze|stop|set up|register|use|transfer|withdraw|deposit|pay)\b|\bi (?:forgot|forgotten|can'?t|cannot|couldn'?t|am unable to|'m unable to|need to) (?:my |to )?(?:log|sign|access|remember|reset|change|find|get in|login)|\bis it possible to\b|\bsteps to\b|\bprocess (?:for|to)\b|\bwhat is the process\b|\bdo you (?:have|offer|support|accept|allow)\b.*\b(?:app|online|mobile|contactless|apple pay|google pay|cheque|international|abroad)\b/,
  service:
    /\bpin\b|\bpasswords?\b|\bpasscode\b|\blog ?in\b|\bsign ?in\b|\bonline banking\b|\bnet ?banking\b|\bmobile banking\b|\bapp\b|\bstatements?\b|\bdirect debits?\b|\bstanding orders?\b|\btransfers?\b|\baddress\b|\bcheque\w*|\batm\b|\bcash machine\b|\bblocked\b|\blocked\b|\bdeclined\b|\bactivat\w*|\bcontactless\b|\bswift\b|\biban\b|\bsort code\b|\baccount number\b|\bbranch\w*|\bopening hours\b|\bforeign currency\b|\bnominee\b|\bkyc\b|\bidentity\b|\bdocuments?\b|\bcustomer care\b|\bmobile number\b|\bemail id\b|\bregister\w*|\botp\b|\bone time password\b|\bcredit limit\b|\b(?:daily|spending|withdrawal|transaction|atm|cash|contactless|card|payment|transfer) limits?\b|\blimits? (?:on|for) (?:my |the )?(?:debit |credit )?cards?\b|\bdebit cards?\b|\bbill payment\b|\bneft\b|\brtgs\b|\bimps\b|\bdemat\b|\bpassbook\b|\bchequebook\b|\bcheck ?book\b|\bdormant\b|\bclose (?:my|an|the) account\b/,

  // Advice
  recommend:
    /\bdo (?:i|we) need\b|\bis it worth\b|\brecommend\w*|\bsuggest\w*|\badvi[cs]e\b|\bshould i\b|\bwhat(?:'s| is| would be) (?:the )?best\b|\bbest (?:option|product|account|card|way|choice|place|deal)s?\b|\bwhich (?:\w+ )?(?:should|would|is best|suits?|fits?)\b|\b(?:for|suit|suits|fit|fits) me\b|\blooking (?:for|to)\b|\bi (?:want|would like|'d like|need|wanna) to (?:save|invest|borrow|buy|get|open|grow|put|start|build|protect|plan|pay off|consolidate|retire)\b|\bi (?:want|need|would like|'d like) (?:a|an|some|to get)\b|\bhelp me (?:save|invest|choose|pick|decide|find|plan|grow)\b|\boptions\b|\bwhat (?:do|can) you (?:have|offer)\b|\bdo you (?:have|offer|sell) (?:any|a|an)\b|\bwhat (?:products|accounts|cards|loans|funds|mortgages|savings)\b|\bwhere (?:should|could|can) i (?:put|invest|keep|save)\b|\bgood (?:idea|option|choice)\b|\bworth (?:it|getting|opening)\b|\bany (?:good )?(?:ideas|tips)\b|\bwhat would you\b|\bnext best\b|\bupgrade\b|\bswitch\b/,

  // RM
  brief:
    /\bbrief\w*|\bprep\b|\bprepare\b|\bmeeting\b|\bsummar\w*|\boverview\b|\bprofile\b|\btell me (?:about|more about)\b|\bwhat do (?:we|i|you) know about\b|\bwho is\b|\bbackground\b|\brundown\b|\blowdown\b|\bnotes? (?:on|about|for)\b|\bcatch me up\b|\bgive me (?:the )?(?:details|info|low ?down|picture)\b|\bwhat(?:'s| is) (?:the )?(?:story|situation|deal) with\b|\blook(?:ing)? up\b|\bpull up\b|\bshow me\b.*\b(?:profile|details|record)\b/,
  rank: /\b(?:who|whom|which(?: of)?(?: \w+){0,3}? (?:clients?|customers?|people|ones?))\b.{0,40}\b(?:should|could|would|shall|to|do|can|must|might) (?:i|we)\b.{0,20}\b(?:call|contact|phone|ring|email|e mail|reach out|approach|target|pitch|offer|sell|talk to|speak to|prioriti[sz]e|market|invite|focus on|mention)\b|\bbest (?:prospects?|candidates?|fits?|leads?|targets?|matches)\b|\b(?:most|more|likely) (?:likely )?to (?:be interested|benefit|want|buy|take up|convert|need|like|respond|open)\b|\bgood (?:fits?|candidates?|prospects?|targets?)\b|\bprospects? for\b|\btarget (?:list|clients|customers)\b|\bwho\b.{0,25}\b(?:would|might|could) (?:benefit|suit|like|want|be interested|need|be a good)\b|\bwho(?:'s| is) suitable\b|\bwho (?:else )?(?:should|could|can) i\b|\bleads? for\b|\bcampaign\b|\bcall list\b|\bwho(?:'s| is) (?:a )?(?:good|best|right) (?:fit|match)\b|\bwho to (?:call|contact|target|approach|pitch)\b|\bwho (?:should|could|can) (?:get|hear about|be offered|receive|i offer)\b|\bcross ?sell\w*|\bup ?sell\w*|\bsuitable (?:clients|customers) for\b|\brank\w*\b.*\bfor\b/,
  count:
    /\bhow many\b|\bnumber of\b|\bcount\b|\bwhat (?:share|proportion|percentage|fraction|percent)\b|\bwhat % of\b|\bhow much of (?:my|the) book\b|\bpercent(?:age)? of (?:my|our|the)\b|\btotal number\b|\bhow big is\b/,
  aggregate:
    /\baverage\b|\bavg\b|\bmean\b|\btypical\b|\bmedian\b|\btotal\b|\bsum\b|\bcombined\b|\baltogether\b|\bin total\b|\bminimum\b|\blowest\b|\bsmallest\b|\bleast\b|\bmaximum\b|\bhighest\b|\blargest\b|\bbiggest\b|\bmost\b|\brichest\b|\bwealthiest\b|\boldest\b|\byoungest\b/,
  groupBy:
    /\b(?:by|per|across|for each|each|broken down by|breakdown (?:by|of)|split (?:by|across)|grouped by) (?:client )?(?:segments?|life ?stages?|risk(?: tolerance| appetite| profile)?s?|(?:investment )?horizons?)\b|\bbreakdown\b|\bsplit\b|\bdistribution\b/,
  clientList: /\b(?:clients?|customers?|people|accounts|book|portfolio|who)\b/,
  // "Why that one?", "how come?", "what makes it a good fit?": the reasons behind the last answer.
  why: /^\s*(?:and |but |so |ok |okay |hmm |right )?(?:why|how come)\b|\bwhy (?:that|this|it|those|these|them|not|did you|do you|would you|have you|is (?:it|that|this)|are (?:they|those|these)|recommend\w*|suggest\w*|pick\w*|choose|chose)\b|\bwhat makes (?:it|that|this|them|those)\b|\breasons? (?:for|why|behind)\b|\bexplain (?:why|that|this|it|your)\b/,
  // "Is the Cash ISA right for me?", "would it suit me?", "should I open the Bonus Saver?": one product, assessed.
  fit: /\b(?:right|good|suitable|sensible|appropriate|wise|ok|okay|a good (?:fit|idea|choice|option|match)|the right (?:choice|option|one)|worth it|worthwhile)\b.{0,25}\bfor (?:me|us|her|him|them|my \w+|the client)\b|\bsuits? (?:me|us|her|him|them|my)\b|\bsuit(?:ed|able) (?:to|for) (?:me|us|her|him|them)\b|\bshould (?:i|we|she|he|they) (?:get|open|take(?: out)?|buy|go for|choose|pick|apply for|invest in|switch to|consider)\b|\bwould (?:it|that|this|the \w+(?: \w+){0,4}) (?:suit|be (?:good|right|suitable|a good|sensible|wise))\b|\bis (?:it|that|this) (?:a good|right|suitable|the right|for me)\b|\b(?:do|would) you recommend (?:it|that|this|the)\b/,
  correction:
    /^\s*(?:no|nope|not that|not that one|sorry|oops|actually|i meant|i mean|rather|wait)\b|\bi meant\b|\bnot the\b.*\bthe\b/,
} as const satisfies Record<string, RegExp>;

export type Cue = keyof typeof CUES;

/** Which cues fire on the (normalised) text. */
export function cuesOf(norm: string): Set<Cue> {
  const out = new Set<Cue>();
  for (const [k, re] of Object.entries(CUES) as [Cue, RegExp][]) if (re.test(norm)) out.add(k);
  return out;
}
