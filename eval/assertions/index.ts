import contains from './contains.ts';
import answersFaq from './answers-faq.ts';
import answersWith from './answers-with.ts';
import asksClarification from './asks-clarification.ts';
import customerLanguage from './customer-language.ts';
import eligibilityVerdict from './eligibility-verdict.ts';
import firstSentenceContains from './first-sentence-contains.ts';
import listsClients from './lists-clients.ts';
import mentionsClient from './mentions-client.ts';
import mentionsProduct from './mentions-product.ts';
import noSelling from './no-selling.ts';
import offersPerson from './offers-person.ts';
import recommendsCategory from './recommends-category.ts';
import disclaimer from './disclaimer.ts';
import grounded from './grounded.ts';
import javascript from './javascript.ts';
import jsonSchema from './json-schema.ts';
import maxLatencyMs from './max-latency-ms.ts';
import noForeignPii from './no-foreign-pii.ts';
import notContains from './not-contains.ts';
import parsedFilter from './parsed-filter.ts';
import recommends from './recommends.ts';
import regex from './regex.ts';
import resultsSatisfy from './results-satisfy.ts';
import suitable from './suitable.ts';
import type { AssertionType } from './types.ts';

export * from './types.ts';

/** The typed registry: one file per assertion type; suites name them by `type`. */
// biome-ignore lint/suspicious/noExplicitAny: each entry has its own value type; the registry is keyed by `type` and validated by the suite schema
const all: AssertionType<any>[] = [
  contains,
  notContains,
  regex,
  jsonSchema,
  recommends,
  grounded,
  suitable,
  disclaimer,
  noForeignPii,
  maxLatencyMs,
  javascript,
  resultsSatisfy,
  parsedFilter,
  // Conversation: answers computed from the catalog, the profile and the book.
  answersWith,
  firstSentenceContains,
  mentionsProduct,
  recommendsCategory,
  asksClarification,
  noSelling,
  offersPerson,
  answersFaq,
  eligibilityVerdict,
  customerLanguage,
  listsClients,
  mentionsClient,
];

// biome-ignore lint/suspicious/noExplicitAny: each entry has its own value type; the registry is keyed by `type` and validated by the suite schema
export const registry: ReadonlyMap<string, AssertionType<any>> = new Map(all.map((a) => [a.type, a]));
