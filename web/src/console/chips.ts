/**
 * Removing a filter chip = searching again without that constraint. The parser reports the span
 * of the query each constraint came from (`text`), so the console drops that span from the query
 * text and searches again: no hidden client-side state, and the new query shows exactly what is
 * searched. Pure, unit tested.
 */
const JOINER_END = /(?:\s|,)*\b(?:with|and|whose|who have|who has|having|that have)\s*$/i;
const JOINER_START = /^\s*(?:with|and|whose|who have|having)\b/i;
const DANGLING =
  /^(?:\s|,|;|and\b|with\b|who\b|whose\b|that\b|are\b|have\b|has\b)+|(?:\s|,|;|and\b|with\b|who\b|whose\b|that\b|are\b|have\b|has\b)+$/gi;

export function queryWithout(query: string, constraintText: string): string {
  const needle = constraintText.trim();
  if (!needle) return query;
  const at = query.toLowerCase().indexOf(needle.toLowerCase());
  if (at < 0) return query;
  // The joiner that introduced the phrase ("with", "and", "whose") goes with it.
  const left = query.slice(0, at).replace(JOINER_END, '');
  let right = query.slice(at + needle.length);
  if (!left.trim()) right = right.replace(JOINER_START, '');
  return `${left} ${right}`
    .replace(/\s+/g, ' ')
    .replace(/\s+,/g, ',')
    .replace(/\b(and|with)\s+(and|with)\b/gi, '$2')
    .replace(DANGLING, '')
    .trim();
}

/** Chip label: the words the RM typed plus how they were understood ("over 750 → creditScore > 750"). */
export function chipLabel(c: { field: string; op: string; value: unknown; text: string }): string {
  const ops: Record<string, string> = {
    gt: '>',
    gte: '≥',
    lt: '<',
    lte: '≤',
    eq: '=',
    ne: '≠',
    in: 'in',
    nin: 'not in',
    between: 'between',
    $gt: '>',
    $gte: '≥',
    $lt: '<',
    $lte: '≤',
    $eq: '=',
    $ne: '≠',
    $in: 'in',
    $nin: 'not in',
    holds_any: 'holds any of',
    holds_none: 'holds none of',
  };
  const value = Array.isArray(c.value) ? c.value.join(c.op.includes('between') ? '–' : ', ') : String(c.value);
  return `${c.field} ${ops[c.op] ?? c.op} ${value}`;
}
