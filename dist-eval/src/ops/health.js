// /healthz (the process answers), /readyz (rules loaded and Slack connected) and /metrics, as plain node:http
// handlers: mounted on Bolt's HTTP server in HTTP mode, on a side port in Socket Mode.
import { createServer } from 'node:http';
export function healthRoutes(metrics, readiness) {
    const json = (res, status, body) => {
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
                    .catch((e) => json(res, 500, { error: e.message }));
            },
        },
    ];
}
/** The same routes on their own port (Socket Mode has no HTTP server of its own). */
export function startHealthServer(port, routes, host = '0.0.0.0') {
    const server = createServer((req, res) => {
        const route = routes.find((r) => r.path === (req.url ?? '').split('?')[0] && r.method.includes(req.method ?? 'GET'));
        if (route)
            route.handler(req, res);
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
