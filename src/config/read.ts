// Reads the configuration once, at the top (main.ts, the CLI), from the environment and `.env`. Everything
// below receives the parsed Config.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type Config, VARIABLES, type VariableName } from './schema.js';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration is not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example (every variable, with its default).`);
  }
}

/**
 * Loads `.env` (from the working directory unless `path` is given) into `env` without overriding what is set, then
 * drops every blank value: a copied .env.example is full of `NAME=` lines, and a blank value means unset (its
 * default), never an empty folder list, port 0 or a reload interval of 0 s.
 */
export function loadEnvFile(env: Env, path = resolve('.env')): void {
  // dotenv is loaded only when there is a file for it to read (most CLI runs have none: ~6 ms of a cold start).
  if (existsSync(path)) {
    const dotenv: typeof import('dotenv') = createRequire(import.meta.url)('dotenv');
    dotenv.config({ path, processEnv: env as Record<string, string>, quiet: true });
  }
  for (const [name, v] of Object.entries(env)) if (v !== undefined && !v.trim()) delete env[name];
}

/** What an error may show of a value: a secret only by its first characters and length. */
function shown(name: VariableName, value: string): string {
  const v = VARIABLES[name].secret ? `${value.slice(0, 5)}… (${value.length} characters)` : `"${value}"`;
  return v.length > 120 ? `${v.slice(0, 117)}...` : v;
}

/** Every variable parsed, defaults applied (a blank value is unset); throws ConfigError naming every malformed one. */
export function readConfig(env: Env): Config {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of Object.keys(VARIABLES) as VariableName[]) {
    const variable = VARIABLES[name];
    const raw = env[name]?.trim();
    if (!raw) {
      config[name] = variable.fallback;
      continue;
    }
    try {
      config[name] = variable.parse(raw);
    } catch (e) {
      problems.push(`${name} is malformed: ${(e as Error).message}, got ${shown(name, raw)}.`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return config as Config;
}
