// Typo tolerance (src/ask/typos.ts): a mistyped known word reads as the known word, an English word never does,
// and a word costs the same however long the text around it is.
import { describe, expect, test } from '@jest/globals';
import { buildQuestionIndex } from '../src/ask/question-index.js';
import { editDistance, typoCorrector } from '../src/ask/typos.js';
import { replyToQuestion } from '../src/conversation/reply.js';
import { loadKnowledgeBase } from '../src/rules/load.js';

const kb = loadKnowledgeBase();
const qi = buildQuestionIndex(kb);

describe('the bundled vocabulary', () => {
  test.each([
    ['pendong', 'pending'],
    ['kubernates', 'kubernetes'],
    ['kuberntes', 'kubernetes'],
    ['contianer', 'container'],
    ['authetnicated', 'authenticated'],
    ['cashloopbackoff', 'crashloopbackoff'],
    ['CrashLopBackof', 'crashloopbackoff'],
    ['CrashBackOffLoop', 'crashloopbackoff'],
    ['Crash-Loop-BackOff', 'crashloopbackoff'],
    ['Evited', 'evicted'],
    ['terminatting', 'terminating'],
  ])('%s → %s', (typed, meant) => {
    expect(qi.correct(typed)).toBe(meant);
  });

  test.each(['filled', 'inbound', 'issues', 'authorized', 'schedulable', 'enable', 'matter', 'writing', 'per-pod', 'pod', 'pid'])(
    '%s is what the user meant',
    (word) => {
      expect(qi.correct(word)).toBe(word);
    },
  );
});

describe('the corrector', () => {
  const correct = typoCorrector(['restarting', 'evicted', 'imagepullbackoff']);

  test('one edit for words of 6 to 9 letters, two from 10 letters, the first letter as typed', () => {
    expect(correct('evictde')).toBe('evicted');
    expect(correct('evcitde')).toBe('evcitde');
    expect(correct('restrating')).toBe('restarting');
    expect(correct('imagpulbackoff')).toBe('imagepullbackoff');
    expect(correct('mimagepullbackof')).toBe('mimagepullbackof');
  });

  test('Damerau–Levenshtein distance (optimal string alignment)', () => {
    expect(editDistance('pending', 'pendong')).toBe(1);
    expect(editDistance('contianer', 'container')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  test('hostile words are left alone: too long, digits and symbols', () => {
    expect(correct('a'.repeat(100_000))).toBe('a'.repeat(100_000));
    expect(correct('evicted/../../etc')).toBe('evicted/../../etc');
  });
});

describe('typos reach the answer', () => {
  test('a mistyped Kubernetes word still makes a Kubernetes question', () => {
    const r = replyToQuestion('my pod on kubernates is stuck pendong, 0/3 nodes are available', kb, qi, { lang: 'en', surface: 'dm' });
    expect(r.kind).toBe('answer');
    expect(r.kind === 'answer' && r.answer.findings[0].category).toMatch(/^failed-scheduling/);
  });
});
