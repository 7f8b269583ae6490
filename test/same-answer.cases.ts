// One reply policy: every real paste and question of the corpus, sent to the console chat and as a Slack DM (real Bolt
// against the Slack emulator), gets the same answer on both: the same rule titles in the same order, and the same
// notice (what to paste, what the bot does, nothing matched). Only the rendering differs.
import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { pasteLabels, PASTES_DIR } from '../eval/pastes.js';
import type { Question } from '../eval/questions.js';
import { withoutPlaceholders } from '../src/ask/placeholders.js';
import { questionIndexOf } from '../src/ask/question-index.js';
import { runConsoleChat } from '../src/console/chat.js';
import { ruleFinding } from '../src/diagnose/diagnose.js';
import { t } from '../src/render/messages.js';
import { kb, posts, suiteBot, visible } from './slack/helpers.js';
import { messageEvent } from './support/slack-emulator.js';

const questions: Question[] = JSON.parse(readFileSync(new URL('./fixtures/questions.json', import.meta.url), 'utf8'));
const messages = [
  ...pasteLabels().map((l) => ({ id: l.file, text: readFileSync(new URL(l.file, PASTES_DIR), 'utf8') })),
  ...questions.map((q, i) => ({ id: `question ${i}: ${q.text.slice(0, 60)}`, text: q.text })),
];

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A rule's titles (en, zh) as patterns: `{variables}` are filled from the paste, or read generically in an answer to a
 * question ("the volume"); Slack's header keeps 150 characters.
 */
const titlePatterns = kb.rules.flatMap((r) => {
  const title = r.spec.title;
  return (typeof title === 'string' ? [title] : Object.values(title)).map((text, i) => {
    const lang = i === 0 ? 'en' : 'zh';
    const asked = withoutPlaceholders(ruleFinding(r.spec, {}, lang, 1, []), lang, questionIndexOf(kb).placeholders).title;
    const parts = text.slice(0, 100).split(/\{\w+\}/);
    const filled = parts.map(escaped).join('[^\n]{0,200}?');
    // Text that any match contains: its first part as filled, or the generic title. Most titles are in no answer, and
    // `includes` rules them out far faster than the pattern does (same result).
    const needles = [parts[0], asked.slice(0, 100)];
    return { text, needles, re: new RegExp(`${filled}|${escaped(asked.slice(0, 100))}`) };
  });
});

/** What a user takes away: the titles shown, in order, and which of the bot's fixed notices it gave. */
function answerOf(shown: string): { titles: string[]; notices: string[] } {
  const titles = titlePatterns
    .map((p) => ({ title: p.text, at: p.needles.some((n) => shown.includes(n)) ? shown.search(p.re) : -1 }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((x) => x.title);
  const notices = (['nothing', 'requestOutput', 'offTopic', 'notSure'] as const).filter((key) =>
    (['en', 'zh'] as const).some((lang) => shown.includes(t(lang, key).split('`')[0].slice(0, 40))),
  );
  // Slack lists at most five other causes; the console lists them all.
  return { titles: titles.slice(0, 6), notices };
}

async function consoleReply(text: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d) => (out += d));
  const done = runConsoleChat({ kb, lang: 'en', input, output });
  input.end(text + '\n');
  await done;
  return out;
}

const suite = suiteBot('http');

test(`the console and a Slack DM give the same answer to each of the ${messages.length} corpus messages`, async () => {
  // Each message in its own DM channel, from its own user (so no per-user limit applies), answered concurrently.
  await Promise.all(messages.map((m, i) => suite.bot.event(messageEvent({ channel: `D0SAME${i}`, channel_type: 'im', user: `U0SAME${i}`, text: m.text }))));
  const channels = messages.map((_, i) => `D0SAME${i}`);
  await suite.emu.waitFor((e) => channels.every((c) => posts(e).some((p) => p.args.channel === c)), 60_000);
  // A long report goes out as several messages: wait until nothing more arrives.
  for (let n = -1; n !== posts(suite.emu).length; ) {
    n = posts(suite.emu).length;
    await new Promise((r) => setTimeout(r, 300));
  }
  const differences: string[] = [];
  for (const [i, m] of messages.entries()) {
    const slack = posts(suite.emu)
      .filter((p) => p.args.channel === channels[i])
      .map((p) => visible(p.args))
      .join('\n');
    const console = answerOf(await consoleReply(m.text));
    const inSlack = answerOf(slack);
    if (JSON.stringify(console) !== JSON.stringify(inSlack)) differences.push(`${m.id}: console ${JSON.stringify(console)} / Slack ${JSON.stringify(inSlack)}`);
    if (!console.titles.length && !console.notices.length) differences.push(`${m.id}: the console answer says nothing recognisable`);
  }
  expect(differences).toEqual([]);
}, 120_000);
