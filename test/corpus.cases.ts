// Real pastes from public issue threads (test/fixtures/corpus, labels.json holds the source and the expected category),
// scored as `npm run eval` scores them (eval/): the first finding must carry the labelled category for at least 95% of
// them, the label must be among the first three findings for at least 99%, and the findings shown at confidence 0.8 or
// more must be right at least 95% of the time. Misses we accept stay listed below with the reason.
import { describe, expect, test } from '@jest/globals';
import { accuracyAtLeast } from '../eval/calibration.js';
import { pasteCases } from '../eval/pastes.js';
import { CONFIDENT, formatSummary, summarise, top1 } from '../eval/score.js';
import { DEFAULT_RULES_DIR, loadKnowledgeBase } from '../src/rules/load.js';

const TOP1_MIN = 0.95;
const TOP3_MIN = 0.99;
const CONFIDENT_RIGHT_MIN = 0.95;

/**
 * Misses accepted on purpose, by file, with the reason.
 *
 * Case 016 (gcr.io answering "unauthorized: authentication required" for a tag that does not exist) is NOT listed:
 * Google's registries answer 401 to anonymous pulls both for missing images/tags and for private projects, so the
 * rule image-pull-gcr-unauthorized (rules/image-pull/not-found.yml) ranks "not found" first for that wording on
 * gcr.io / *.pkg.dev images, and image-pull-auth-gcr lists the credentials cause second.
 */
const ACCEPTED_MISSES: Record<string, string> = {
  '084-sched-other-cordoned-control-plane.txt':
    "0/14: 11 nodes fail the pod's node affinity, 3 are cordoned. Ranked by the counts the message gives, affinity comes " +
    'first and the cordoned nodes second; the label rests on what the thread adds (the pod is meant for the 3 ' +
    'control-plane nodes, so its affinity is by design), which the paste does not show.',
};

const cases = pasteCases(loadKnowledgeBase(DEFAULT_RULES_DIR));
const summary = summarise(cases);
const describeMiss = (c: (typeof cases)[number]) =>
  `${c.id}: expected ${c.expected}, got ${
    c.answers
      .slice(0, 3)
      .map((a) => `${a.name} (${a.label})`)
      .join(', ') || 'nothing'
  }`;

describe('the corpus of real pastes', () => {
  test('has its cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  test(`first finding's category matches the label for ≥ ${TOP1_MIN * 100}%, and is in the top 3 for ≥ ${TOP3_MIN * 100}%`, () => {
    console.log(formatSummary('corpus', summary));
    expect(summary.top1 / summary.total).toBeGreaterThanOrEqual(TOP1_MIN);
    expect(summary.top3 / summary.total).toBeGreaterThanOrEqual(TOP3_MIN);
  });

  test(`findings shown at confidence ≥ ${CONFIDENT} are right ≥ ${CONFIDENT_RIGHT_MIN * 100}% of the time`, () => {
    expect(accuracyAtLeast(summary.shown, CONFIDENT).accuracy).toBeGreaterThanOrEqual(CONFIDENT_RIGHT_MIN);
  });

  test('every miss is an accepted one (new misses are named here)', () => {
    expect(summary.misses.filter((c) => !(c.id in ACCEPTED_MISSES)).map(describeMiss)).toEqual([]);
  });

  test('accepted misses are still misses (otherwise remove them from the list)', () => {
    expect(cases.filter((c) => top1(c) && c.id in ACCEPTED_MISSES).map((c) => c.id)).toEqual([]);
  });

  test('case 016: gcr.io 401 ranks "not found" first and the credentials cause second', () => {
    const c = cases.find((x) => x.id.startsWith('016-'))!;
    expect(c.answers[0].label).toBe('image-pull-not-found');
    expect(c.answers[1].label).toBe('image-pull-auth');
  });
});
