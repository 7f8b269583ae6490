// Shared by the live-lookup tests: an emulator with a kubeconfig, a LiveConfig pointing at it, temp dirs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../../src/config/read.js';
import { type LiveConfig, liveConfig } from '../../src/kube/config.js';
import { loadKnowledgeBase, DEFAULT_RULES_DIR, type KnowledgeBase } from '../../src/rules/load.js';
import { startKubeApiEmulator, type EmulatorOptions, type KubeApiEmulator } from '../support/kube-api-emulator.js';

/** Temp dirs of one test file, removed together at its end (files that share a jest suite share this module). */
export function tmpDirs() {
  const dirs: string[] = [];
  return {
    make(prefix = 'kube-live-'): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    removeAll(): void {
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

let kb: KnowledgeBase | undefined;
export function rules(): KnowledgeBase {
  return (kb ??= loadKnowledgeBase(DEFAULT_RULES_DIR));
}

/** The live-lookup settings that `env` gives, read through the configuration schema as main.ts reads them. */
export function liveSettings(env: Record<string, string> = {}, defaults: Parameters<typeof liveConfig>[1] = {}): LiveConfig {
  return liveConfig(readConfig(env), defaults);
}

export interface LiveEmulator {
  emu: KubeApiEmulator;
  kubeconfig: string;
  /** A config for this emulator; `env` are extra environment settings (ALLOWED_NAMESPACES, ...). */
  config(env?: Record<string, string>, defaults?: Parameters<typeof liveConfig>[1]): LiveConfig;
  /** Stops the emulator and removes its kubeconfig. */
  close(): Promise<void>;
}

export async function liveEmulator(opts: EmulatorOptions, kubeconfigNamespace = 'default'): Promise<LiveEmulator> {
  const emu = await startKubeApiEmulator({ alignClock: false, ...opts });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-live-'));
  const kubeconfig = emu.writeKubeconfig(dir, { namespace: kubeconfigNamespace });
  return {
    emu,
    kubeconfig,
    config: (env = {}, defaults = {}) => liveSettings({ KUBECONFIG: kubeconfig, ...env }, defaults),
    close: async () => {
      await emu.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
