// Writes .env.example from the configuration schema (run through `npm run env:example`, after the build).
import { writeFileSync } from 'node:fs';
import { renderEnvExample } from '../dist/config/env-example.js';

writeFileSync(new URL('../.env.example', import.meta.url), renderEnvExample());
