// `npm run eval`: scores the whole corpus with the bundled rules and prints every figure and every miss: the pastes
// (eval/pastes.ts), then the questions (eval/questions.ts, which prints its own tuned and held-back figures).
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '../src/rules/load.js';
import { pasteSection } from './pastes.js';
import { REPO_ROOT } from './paths.js';
import { formatSummary, summarise } from './score.js';

const kb = loadKnowledgeBase(fileURLToPath(new URL('rules/', REPO_ROOT)));
const pastes = pasteSection(kb);
console.log(formatSummary(pastes.title, summarise(pastes.cases)) + '\n');
await import('./questions.js');
