// What Slack received from the bot, read the way a user sees it, and the founding paste that the tests send.
// Light on purpose (no Bolt, no rules): the suites that run the bot as a process import only this.
import { readFileSync } from 'node:fs';
import type { RecordedCall, SlackEmulator } from '../support/slack-emulator.js';

export const founding = readFileSync(new URL('../fixtures/founding/events.txt', import.meta.url), 'utf8');

export const FOR_MAC_1317 = 'https://github.com/docker/for-mac/issues/1317';

export const COMMAND = '/kube-doctor';

/** The `.env` lines of `npm start` (node dist/main.js) against the emulator: HTTP mode on loopback `port`. */
export function httpEnvLines(emu: SlackEmulator, port: number): string[] {
  return [`SLACK_BOT_TOKEN=${emu.botToken}`, `SLACK_SIGNING_SECRET=${emu.signingSecret}`, `PORT=${port}`, 'HOST=127.0.0.1', `SLACK_API_URL=${emu.apiUrl}`];
}

/** Undoes Slack's three entities: what the user reads. */
export function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every piece of text in a message (fallback text, header, sections, context, button labels), as sent. */
export function rawText(msg: { text?: string; blocks?: any[] }): string {
  const parts: string[] = [msg.text ?? ''];
  const walk = (v: any): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.text === 'string') parts.push(v.text);
      else if (v.text) walk(v.text);
      if (v.elements) walk(v.elements);
      if (v.fields) walk(v.fields);
      if (v.accessory) walk(v.accessory);
    }
  };
  walk(msg.blocks ?? []);
  return parts.join('\n');
}

/** What the user sees in the blocks (and the fallback text), entities decoded. */
export function visible(msg: { text?: string; blocks?: any[] }): string {
  return unescapeSlack(rawText(msg));
}

export function buttons(msg: { blocks?: any[] }): Array<{ action_id: string; value: string; label: string }> {
  return (msg.blocks ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements)
    .map((e: any) => ({ action_id: e.action_id, value: e.value, label: e.text.text }));
}

export const posts = (emu: SlackEmulator): RecordedCall[] => emu.callsTo('chat.postMessage');

/** Asserts the founding diagnosis a user needs: the resolv.conf fix and the docker/for-mac#1317 link. */
export function hasFoundingFix(msg: { text?: string; blocks?: any[] }): boolean {
  const seen = visible(msg);
  return seen.includes('/etc/resolv.conf') && seen.includes('nameserver 8.8.8.8') && rawText(msg).includes(FOR_MAC_1317);
}
