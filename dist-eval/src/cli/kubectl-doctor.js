#!/usr/bin/env node
// `kubectl doctor NAME [-n NS] [--context C] [--format json]`: kubectl runs `kubectl-doctor` from PATH with the
// arguments after `doctor`. Same as `kube-doctor pod ...` (a leading `pod` is accepted too).
import { runCli } from './program.js';
const args = process.argv.slice(2);
const rest = args[0] === 'pod' || args[0] === 'pods' ? args.slice(1) : args;
process.exitCode = await runCli(['pod', ...rest]);
