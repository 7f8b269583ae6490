// Prometheus metrics (prom-client): what the bot was asked, what it found, how fast it answered, and what failed.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'kube_doctor_requests_total',
    help: 'Messages handled, by surface',
    labelNames: ['surface'],
    registers: [this.registry],
  });
  readonly diagnoses = new Counter({
    name: 'kube_doctor_diagnoses_total',
    help: 'Diagnoses given, by category of the first finding',
    labelNames: ['category'],
    registers: [this.registry],
  });
  readonly unmatched = new Counter({
    name: 'kube_doctor_unmatched_pastes_total',
    help: 'Pastes of Kubernetes output that no rule matched',
    labelNames: ['surface'],
    registers: [this.registry],
  });
  readonly replySeconds = new Histogram({
    name: 'kube_doctor_reply_seconds',
    help: 'Time from receiving a message to the reply being sent, by surface',
    labelNames: ['surface'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly replyFailures = new Counter({
    name: 'kube_doctor_reply_failures_total',
    help: 'Replies that could not be given, by surface and cause (slack-api: Slack refused the call or could not be reached; internal: an error in kube-doctor)',
    labelNames: ['surface', 'cause'],
    registers: [this.registry],
  });
  readonly stateFaults = new Counter({
    name: 'kube_doctor_shared_state_faults_total',
    help: "Calls to the shared state (Redis) that failed and fell back to this replica's memory, by operation",
    labelNames: ['operation'],
    registers: [this.registry],
  });
  readonly ruleReloads = new Counter({
    name: 'kube_doctor_rule_reloads_total',
    help: 'Rule folder changes seen, by result (ok, refused) and why a change was refused (unreadable, invalid, examples, empty)',
    labelNames: ['result', 'reason'],
    registers: [this.registry],
  });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'kube_doctor_' });
  }
}
