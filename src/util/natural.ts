// The pieces of natural (pinned in package.json) that kube-doctor uses, loaded from their own modules. natural's
// package index loads every module it has: about 1 s, and its storage back-ends call dotenv's config(), which reads
// the working directory's .env into process.env behind the configuration's back. These modules are the same
// classes and functions the index exports as natural.PorterStemmer, natural.JaroWinklerDistance, natural.TfIdf and
// natural.stopwords; test/natural.test.ts checks that they still are.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const PorterStemmer: { stem(word: string): string } = require('natural/lib/natural/stemmers/porter_stemmer.js');
export const JaroWinklerDistance: (a: string, b: string) => number = require('natural/lib/natural/distance/jaro-winkler_distance.js');
export const stopwords: string[] = require('natural/lib/natural/util/stopwords.js').words;
export type TfIdfClass = new () => { addDocument(doc: string[], key?: unknown): void; idf(term: string): number; documents: Record<string, number>[] };
export const TfIdf: TfIdfClass = require('natural/lib/natural/tfidf/tfidf.js');
