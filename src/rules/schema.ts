// The rule file format. Validation errors name the field path; the loader maps that path to a file line.
// zod takes longer to import than the rest of a diagnosis: it is loaded the first time a rule file is validated,
// which a start from cached rules (rules/cache.ts) never does.
import { createRequire } from 'node:module';
import type * as z from 'zod';

function build(z: typeof import('zod')) {
  /** Text in English, optionally with a Chinese translation: `title: "..."` or `title: { en: "...", zh: "..." }`. */
  const Localised = z.union([z.string().min(1), z.object({ en: z.string().min(1), zh: z.string().min(1).optional() }).strict()]);

  const SOURCES = ['event', 'state', 'last-state', 'pod', 'status', 'condition', 'line'] as const;
  const oneOrMany = <T extends z.ZodTypeAny>(t: T) => z.union([t, z.array(t).min(1)]);

  /** One way the rule can see its failure: all conditions hold on the same signal. */
  const Signal = z
    .object({
      message: z.string().min(1).optional(),
      reason: oneOrMany(z.string().min(1)).optional(),
      in: oneOrMany(z.enum(SOURCES)).optional(),
      type: z.enum(['Normal', 'Warning']).optional(),
      exitCode: oneOrMany(z.number().int()).optional(),
      ready: z.boolean().optional(),
      init: z.boolean().optional(),
    })
    .strict()
    .refine((s) => s.message || s.reason || s.exitCode !== undefined || s.ready !== undefined, {
      message: 'a match entry needs at least one of message, reason, exitCode or ready',
    });

  const FixStep = z.union([
    z.string().min(1),
    z
      .object({
        en: z.string().min(1),
        zh: z.string().min(1).optional(),
        run: oneOrMany(z.string().min(1)).optional(),
        /** A risk the user must weigh before running this step: data loss, a cluster-wide effect, a security trade-off. */
        warning: Localised.optional(),
      })
      .strict(),
  ]);

  const Example = z.union([
    z.string().min(1),
    z.object({ text: z.string().min(1), captures: z.record(z.string(), z.string()).optional(), note: z.string().optional() }).strict(),
  ]);

  const RuleSchema = z
    .object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case words joined by dashes'),
      category: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
      specificity: z.number().int().min(1).max(100),
      extends: z.string().optional(),
      /** A catch-all that names the symptom (ImagePullBackOff, FailedScheduling ...), not a cause: it is shown only when
       *  no specific rule matched, never as "Also possible" beside one (it would restate the first finding). */
      generic: z.boolean().optional(),
      /** Its messages are printed by programs outside Kubernetes too (the C library's strerror, the JVM, Node.js):
       *  free text quoting one is about a pod only when it is Kubernetes output or its words are about Kubernetes. */
      any_program: z.boolean().optional(),
      title: Localised,
      cause: Localised,
      fix: z.array(FixStep).min(1),
      links: z.array(z.string().url()).default([]),
      keywords: z.array(z.string().min(1)).default([]),
      match: z.array(Signal).min(1).optional(),
      /** Any-of; each entry's variables (captures or facts such as node) must all match their pattern. */
      where: z
        .array(z.record(z.string(), z.string().min(1)))
        .min(1)
        .optional(),
      examples: z
        .object({
          match: z.array(Example).min(1),
          no_match: z.array(Example).default([]),
        })
        .strict(),
    })
    .strict()
    .refine((r) => r.match || r.extends, { message: "a rule needs `match`, or `extends` to reuse another rule's match", path: ['match'] });

  /** A file is a list of rules, or a map with `rules:` and optionally `categories:`, which declares categories outside
   *  the core vocabulary (name → what it means), so `rules lint` knows they are intended. */
  const CategoryName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);
  const RuleFileSchema = z.union([
    z.object({ rules: z.array(z.unknown()), categories: z.record(CategoryName, Localised).optional() }).strict(),
    z.array(z.unknown()),
  ]);
  return { Localised, Signal, FixStep, Example, RuleSchema, CategoryName, RuleFileSchema };
}

type Schemas = ReturnType<typeof build>;
let built: Schemas | undefined;

/** The schemas, built on first use. */
export function schemas(): Schemas {
  return (built ??= build(createRequire(import.meta.url)('zod')));
}

export type RuleSpec = z.infer<Schemas['RuleSchema']>;
export type SignalSpec = z.infer<Schemas['Signal']>;
export type LocalisedText = z.infer<Schemas['Localised']>;
export type FixStepSpec = z.infer<Schemas['FixStep']>;
export type ExampleSpec = z.infer<Schemas['Example']>;
