export { createFilterParser, parseQuery, type FilterParser } from './parse.ts';
export { parseNumber } from './tokens.ts';
export { matchesConstraints, matchesWhere } from './where.ts';
