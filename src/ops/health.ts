// /healthz (the process answers), /readyz (rules loaded and Slack connected) and /metrics, as plain node:http
// handlers: mounted on Bolt's HTTP server in HTTP mode, on a side port in Socket Mode.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Metrics } from './metrics.js';

export interface Readiness {
  /** Named checks; the service is ready when all are true. */
  checks(): Record<string, boolean>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function healthRoutes(metrics: Metrics, readiness: Readiness): { path: string; method: string[]; handler: Handler }[] {
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        const checks = readiness.checks();
        json(res, Object.values(checks).every(Boolean) ? 200 : 503, { ready: Object.values(checks).every(Boolean), checks });
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        metrics.registry
          .metrics()
          .then((text) => {
            res.writeHead(200, { 'content-type': metrics.registry.contentType });
            res.end(text);
          })
          .catch((e: Error) => json(res, 500, { error: e.message }));
      },
    },
  ];
}

/** The same routes on their own port (Socket Mode has no HTTP server of its own). */
export function startHealthServer(port: number, routes: ReturnType<typeof healthRoutes>, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    const route = routes.find((r) => r.path === (req.url ?? '').split('?')[0] && r.method.includes(req.method ?? 'GET'));
    if (route) route.handler(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
