// Block Kit for a diagnosis, within Slack's limits: ≤ 3000 characters a section, ≤ 50 blocks a message, a plain
// text fallback, and `&`, `<`, `>` escaped so kubectl's own `<none>` or a `>` in a command survives. What does not
// fit in one message goes into follow-up messages (same thread, or further respond() calls).
import type { types } from '@slack/bolt';
import type { Diagnosis, Finding } from '../diagnose/diagnose.js';
import { t } from '../render/messages.js';
import { liveLines } from '../render/live.js';
import type { Lang } from '../model/lang.js';
import type { PodRef } from './deps.js';

type ActionsBlock = types.ActionsBlock;
type Button = types.Button;
type KnownBlock = types.KnownBlock;

export const SLACK_LIMITS = {
  sectionChars: 3000,
  headerChars: 150,
  blocks: 50,
  buttonValue: 2000,
  /** Slack rejects messages whose blocks total much more than this (msg_blocks_too_long, bolt-js#2509). */
  messageChars: 11000,
  /** Keep the fallback text short: it is what notifications and screen readers show. */
  fallbackChars: 600,
} as const;

export const ACTIONS = {
  feedbackUp: 'kd_feedback_up',
  feedbackDown: 'kd_feedback_down',
  showEvidence: 'kd_show_evidence',
  share: 'kd_share',
  checkLive: 'kd_check_live',
} as const;

export interface OutMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** The only three characters Slack wants escaped in mrkdwn and message text. */
export function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const cut = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max - 1) + '…');
const percent = (c: number) => `${Math.round(c * 100)}%`;

/** `docker/for-mac#1317` for GitHub issues and pulls, host + path otherwise. */
export function linkLabel(url: string): string {
  const gh = /^https?:\/\/github\.com\/([^/]+\/[^/]+)\/(?:issues|pull)\/(\d+)/.exec(url);
  if (gh) return `${gh[1]}#${gh[2]}`;
  try {
    const u = new URL(url);
    return cut(u.host + (u.pathname === '/' ? '' : u.pathname) + u.hash, 80);
  } catch {
    return cut(url, 80);
  }
}

const mrkdwnLink = (url: string) => `<${escapeSlack(url)}|${escapeSlack(linkLabel(url))}>`;

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: cut(text, SLACK_LIMITS.sectionChars) }] };
}

function codeBlock(lines: string[]): string {
  return '```\n' + lines.map(escapeSlack).join('\n') + '\n```';
}

/**
 * Splits mrkdwn into pieces of at most `max` characters at line ends; a code block that has to be cut is closed
 * and reopened, so every piece renders on its own. A single line longer than a piece is hard-cut.
 */
export function splitMrkdwn(text: string, max: number = SLACK_LIMITS.sectionChars): string[] {
  if (text.length <= max) return [text];
  const CLOSE = '\n```';
  const budget = max - CLOSE.length;
  const longest = budget - 4; // room for a reopened "```\n" in front of a line
  const pieces: string[] = [];
  let lines: string[] = [];
  let len = 0;
  let inCode = false;
  const onlyReopened = () => inCode && lines.length === 1 && lines[0] === '```';
  const flush = () => {
    if (!lines.length || onlyReopened()) return;
    pieces.push(lines.join('\n') + (inCode ? CLOSE : ''));
    lines = inCode ? ['```'] : [];
    len = inCode ? 3 : 0;
  };
  for (const raw of text.split('\n')) {
    const chunks = raw.length > longest ? (raw.match(new RegExp(`[\\s\\S]{1,${longest}}`, 'g')) ?? []) : [raw];
    for (const line of chunks) {
      if (lines.length && len + 1 + line.length > budget) flush();
      len += (lines.length ? 1 : 0) + line.length;
      lines.push(line);
      if ((line.match(/```/g) ?? []).length % 2 === 1) inCode = !inCode;
    }
  }
  if (lines.length && !onlyReopened()) pieces.push(lines.join('\n') + (inCode ? CLOSE : ''));
  return pieces;
}

function fixText(f: Finding, lang: Lang): string[] {
  const lines = [`*${escapeSlack(t(lang, 'fix'))}*`];
  f.fix.forEach((step, i) => {
    lines.push(`*${i + 1}.* ${escapeSlack(step.text)}`);
    if (step.warning) lines.push(`:warning: *${escapeSlack(t(lang, 'warning'))}:* ${escapeSlack(step.warning)}`);
    if (step.commands.length) lines.push(codeBlock(step.commands));
  });
  return lines;
}

function button(text: string, action_id: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: cut(text, 75), emoji: true },
    action_id,
    value: cut(value, SLACK_LIMITS.buttonValue),
    ...(style && { style }),
  };
}

export interface ReportOptions {
  lang: Lang;
  /** Id of the stored report behind the buttons; without it there are no buttons. */
  reportId?: string;
  /** Offer "Share in channel" (ephemeral slash command replies). */
  share?: boolean;
  /** Offer "Check live" for this pod (only when a cluster is configured). */
  checkLive?: PodRef;
  /** "Shared by @user" line on a report re-posted to the channel. */
  sharedBy?: string;
}

function reportButtons(d: Diagnosis, o: ReportOptions): ActionsBlock | undefined {
  const best = d.findings[0];
  if (!o.reportId || !best) return undefined;
  const feedbackValue = `${o.reportId}|${best.rule}`;
  const elements: Button[] = [
    button(t(o.lang, 'helpful'), ACTIONS.feedbackUp, feedbackValue),
    button(t(o.lang, 'notHelpful'), ACTIONS.feedbackDown, feedbackValue),
    button(t(o.lang, 'showEvidence'), ACTIONS.showEvidence, o.reportId),
  ];
  if (o.share) elements.push(button(t(o.lang, 'share'), ACTIONS.share, o.reportId, 'primary'));
  if (o.checkLive) elements.push(button(t(o.lang, 'checkLive'), ACTIONS.checkLive, JSON.stringify(o.checkLive)));
  return { type: 'actions', block_id: 'kd_report_actions', elements };
}

/**
 * The report: title, rule + confidence, cause, fix steps (commands in code blocks), links, the matched evidence
 * (already redacted by the core), other possible causes, and the buttons. Returns one message, or several when
 * the content does not fit in one; the buttons stay on the first.
 */
export function diagnosisMessages(d: Diagnosis, o: ReportOptions): OutMessage[] {
  const lang = o.lang;
  const [best, ...others] = d.findings;
  if (!best) return [nothingMatchedMessage(lang)];
  const head: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(best.title, SLACK_LIMITS.headerChars), emoji: true } },
    context(
      `${escapeSlack(t(lang, 'rule'))} \`${escapeSlack(best.rule)}\` · ${escapeSlack(best.category)} · ${escapeSlack(t(lang, 'confidence'))} *${percent(best.confidence)}*` +
        (o.sharedBy ? ` · ${escapeSlack(t(lang, 'sharedBy'))} <@${o.sharedBy}>` : ''),
    ),
  ];
  const parts: string[] = [];
  const live = liveLines(d);
  if (live) parts.push(...packLines([live.header, ...live.groups, ...live.notes].map(escapeSlack)));
  parts.push(...splitMrkdwn(`*${escapeSlack(t(lang, 'cause'))}*\n${escapeSlack(best.cause)}`));
  parts.push(...packLines(fixText(best, lang)));
  if (best.links.length) parts.push(...packLines([`*${escapeSlack(t(lang, 'links'))}*`, ...best.links.map((l) => `• ${mrkdwnLink(l)}`)]));
  if (best.evidence.length) parts.push(...splitMrkdwn(`*${escapeSlack(t(lang, 'evidence'))}*\n${codeBlock(best.evidence)}`));
  if (others.length) {
    parts.push(
      ...packLines([
        `*${escapeSlack(t(lang, 'alsoPossible'))}*`,
        ...others.slice(0, 5).map((f) => `• ${escapeSlack(f.title)} (\`${escapeSlack(f.rule)}\`, ${percent(f.confidence)})`),
      ]),
    );
  }
  const actions = reportButtons(d, o);
  const fallback = cut(`${best.title} (${t(lang, 'confidence')} ${percent(best.confidence)}): ${best.cause}`, SLACK_LIMITS.fallbackChars);
  return packMessages(head, parts, actions, escapeSlack(fallback), lang);
}

/** Joins lines into as few ≤3000-character pieces as possible, never cutting inside a line's code block. */
function packLines(lines: string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length <= SLACK_LIMITS.sectionChars) current = next;
    else {
      if (current) out.push(current);
      if (line.length <= SLACK_LIMITS.sectionChars) current = line;
      else {
        const pieces = splitMrkdwn(line);
        out.push(...pieces.slice(0, -1));
        current = pieces.at(-1) ?? '';
      }
    }
  }
  if (current) out.push(current);
  return out;
}

/** Puts sections into messages under the block and character budgets; the buttons go on the first message. */
function packMessages(head: KnownBlock[], parts: string[], actions: ActionsBlock | undefined, fallback: string, lang: Lang): OutMessage[] {
  const reserve = (actions ? 1 : 0) + 1; // the buttons, and a "continued below" note
  const messages: OutMessage[] = [];
  let blocks: KnownBlock[] = [...head];
  let chars = head.reduce((n, b) => n + JSON.stringify(b).length, 0);
  let first = true;
  const finish = (more: boolean) => {
    if (first && more) blocks.push(context(escapeSlack(t(lang, 'moreDetail'))));
    if (first && actions) blocks.push(actions);
    messages.push({ text: first ? fallback : `${fallback.slice(0, 80)} (…)`, blocks });
    first = false;
    blocks = [];
    chars = 0;
  };
  for (const p of parts) {
    if (blocks.length + 1 + reserve > SLACK_LIMITS.blocks || chars + p.length + 100 > SLACK_LIMITS.messageChars) finish(true);
    blocks.push(section(p));
    chars += p.length + 100;
  }
  finish(false);
  return messages;
}

export function nothingMatchedMessage(lang: Lang, lead?: string): OutMessage {
  const text = `${lead ? lead + '\n' : ''}${t(lang, 'nothing')}\n${t(lang, 'hint')}`;
  return {
    text: escapeSlack(cut(text, SLACK_LIMITS.fallbackChars)),
    blocks: [section(`*${escapeSlack(lead ?? t(lang, 'nothing'))}*${lead ? '\n' + escapeSlack(t(lang, 'nothing')) : ''}\n${escapeSlack(t(lang, 'hint'))}`)],
  };
}

/** A plain notice (help, errors, file problems): escaped, split into sections when long. */
export function noticeMessage(text: string, extra: { code?: string[]; note?: string } = {}): OutMessage {
  const blocks: KnownBlock[] = splitMrkdwn(escapeSlack(text)).map(section);
  if (extra.code?.length) blocks.push(section(codeBlock(extra.code)));
  if (extra.note) blocks.push(context(escapeSlack(extra.note)));
  return { text: escapeSlack(cut(text, SLACK_LIMITS.fallbackChars)), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/** "Show evidence": every finding's matched lines, what the input was recognised as, and the objects in it. */
export function evidenceMessages(d: Diagnosis, lang: Lang): OutMessage[] {
  const lines: string[] = [`*${escapeSlack(t(lang, 'evidenceTitle'))}*`, `${escapeSlack(t(lang, 'inputKind'))}: \`${escapeSlack(d.input.kind)}\``];
  if (d.input.objects.length) {
    lines.push(
      `${escapeSlack(t(lang, 'objects'))}: ${d.input.objects
        .slice(0, 20)
        .map((o) => `\`${escapeSlack(`${o.kind}/${o.namespace ? o.namespace + '/' : ''}${o.name}`)}\``)
        .join(', ')}`,
    );
  }
  const parts = packLines(lines);
  for (const f of d.findings) {
    const body = f.evidence.length ? codeBlock(f.evidence) : `_${escapeSlack(t(lang, 'noEvidence'))}_`;
    parts.push(...splitMrkdwn(`*${escapeSlack(f.title)}* (\`${escapeSlack(f.rule)}\`, ${percent(f.confidence)})\n${body}`));
  }
  return packMessages([], parts, undefined, escapeSlack(t(lang, 'evidenceTitle')), lang);
}
