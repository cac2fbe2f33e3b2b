/**
 * Tokenisation shared by the BM25 index and the fallback reranker: lower-case word pieces,
 * English stop words removed, and a light suffix stemmer (plural/-ing/-ed/-ment/-al) so that
 * "investments" matches "investment" and "saving" matches "savings". Deliberately simple and
 * deterministic; documented in docs/RETRIEVAL.md.
 */
export const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have he her his i in is it its of on or our she that the their them they this to was were ' +
    'will with who whom whose which what when where why how all any both each few more most other some such no nor not only own same so than too very ' +
    'can just do does did having been being into about over under again further then once here there me my we you your yours customers customer clients client ' +
    'people find show list give want wants would like'
  ).split(/\s+/),
);

export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is'))
    w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 7 && w.endsWith('ment')) w = w.slice(0, -4);
  return w;
}

/** Text → stemmed content terms, in order (duplicates kept). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^a-z0-9£%]+/)) {
    if (!raw || STOP_WORDS.has(raw)) continue;
    out.push(stem(raw));
  }
  return out;
}
