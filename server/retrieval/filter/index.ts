export { createFilterParser, parseNumber, type FilterParser } from './parse.ts';
export { matchesConstraints, matchesWhere } from './where.ts';
