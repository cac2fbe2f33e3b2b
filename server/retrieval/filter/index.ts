export { createFilterParser, parseNumber, type FilterParser } from './parse.ts';
export { constraintsToWhere, constraintWhere, matchesConstraint, matchesConstraints, matchesWhere } from './where.ts';
export { PHRASE_RULES, productTerms, PRODUCT_WORDS_DOC } from './vocabulary.ts';
