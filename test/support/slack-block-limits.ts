// Block Kit limits Slack enforces on chat.postMessage / chat.update / chat.postEphemeral / response_url.
// Slack rejects violations with `invalid_blocks` and JSON-pointer messages; reproducing that here means the app's
// splitting/truncation logic is tested against the same rules instead of against a fake that accepts anything.
// Limits from @slack/types (block-kit) and Slack's Block Kit reference; messages mimic Slack's wording.

const MAX_BLOCKS = 50;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly errors: string[] = [];

  // `undefined`, not `void`: callers `return this.fail(...)` to stop checking a broken value.
  fail(msg: string, ptr: string): undefined {
    this.errors.push(`${msg} [json-pointer:${ptr}]`);
  }

  str(v: unknown, ptr: string, max: number, min = 1): undefined {
    if (typeof v !== 'string') return this.fail('must provide a string', ptr);
    if (v.length < min) return this.fail(`must be more than ${min - 1} characters`, ptr);
    if (v.length > max) this.fail(`must be less than ${max + 1} characters`, ptr);
  }

  textObject(v: unknown, ptr: string, max: number, plainOnly = false): undefined {
    if (!isObj(v)) return this.fail('must provide an object', ptr);
    const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (!allowed.includes(String(v.type))) return this.fail(`must be one of ${allowed.join(', ')}`, `${ptr}/type`);
    this.str(v.text, `${ptr}/text`, max);
  }

  array(v: unknown, ptr: string, max: number, min = 1): v is unknown[] {
    if (!Array.isArray(v)) {
      this.fail('must provide an array', ptr);
      return false;
    }
    if (v.length < min) this.fail(`must provide at least ${min} items`, ptr);
    if (v.length > max) this.fail(`no more than ${max} items allowed`, ptr);
    return true;
  }

  element(el: unknown, ptr: string): undefined {
    if (!isObj(el)) return this.fail('must provide an object', ptr);
    if (el.action_id !== undefined) this.str(el.action_id, `${ptr}/action_id`, 255);
    if (el.type === 'button') {
      this.textObject(el.text, `${ptr}/text`, 75, true);
      if (el.value !== undefined) this.str(el.value, `${ptr}/value`, 2000);
      if (el.url !== undefined) this.str(el.url, `${ptr}/url`, 3000);
    } else if (el.type === 'image') {
      if (el.image_url !== undefined) this.str(el.image_url, `${ptr}/image_url`, 3000);
      this.str(el.alt_text, `${ptr}/alt_text`, 2000);
    }
  }

  block(b: unknown, ptr: string): undefined {
    if (!isObj(b)) return this.fail('must provide an object', ptr);
    if (b.block_id !== undefined) this.str(b.block_id, `${ptr}/block_id`, 255);
    switch (b.type) {
      case 'section':
        if (b.text === undefined && b.fields === undefined) return this.fail('must provide either text or fields', ptr);
        if (b.text !== undefined) this.textObject(b.text, `${ptr}/text`, 3000);
        if (b.fields !== undefined && this.array(b.fields, `${ptr}/fields`, 10)) {
          b.fields.forEach((f, i) => this.textObject(f, `${ptr}/fields/${i}`, 2000));
        }
        if (b.accessory !== undefined) this.element(b.accessory, `${ptr}/accessory`);
        return;
      case 'header':
        return this.textObject(b.text, `${ptr}/text`, 150, true);
      case 'context':
        if (this.array(b.elements, `${ptr}/elements`, 10)) {
          b.elements.forEach((e, i) => {
            const p = `${ptr}/elements/${i}`;
            if (isObj(e) && e.type === 'image') this.element(e, p);
            else this.textObject(e, p, 3000);
          });
        }
        return;
      case 'actions':
        if (this.array(b.elements, `${ptr}/elements`, 25)) b.elements.forEach((e, i) => this.element(e, `${ptr}/elements/${i}`));
        return;
      case 'image':
        if (b.image_url !== undefined) this.str(b.image_url, `${ptr}/image_url`, 3000);
        this.str(b.alt_text, `${ptr}/alt_text`, 2000);
        if (b.title !== undefined) this.textObject(b.title, `${ptr}/title`, 2000, true);
        return;
      case 'markdown':
        return this.str(b.text, `${ptr}/text`, 12000);
      case 'rich_text':
        this.array(b.elements, `${ptr}/elements`, Number.MAX_SAFE_INTEGER, 0);
        return;
      case 'divider':
      case 'file':
      case 'video':
      case 'table':
        return;
      default:
        this.fail(`unsupported type: ${String(b.type)}`, `${ptr}/type`);
    }
  }
}

/** Returns Slack-style error strings for a message's `blocks` (empty when Slack would accept them). */
export function validateMessageBlocks(blocks: unknown): string[] {
  const c = new Checker();
  if (c.array(blocks, '/blocks', MAX_BLOCKS, 0)) blocks.forEach((b, i) => c.block(b, `/blocks/${i}`));
  return c.errors;
}

/** The body Slack answers with for rejected blocks. */
export function invalidBlocksResult(errors: string[]): Record<string, unknown> {
  return { ok: false, error: 'invalid_blocks', errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } };
}
