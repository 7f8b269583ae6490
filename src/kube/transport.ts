// client-node's HTTP layer, with a cap on the size of an answer. client-node 1.4 sends through node-fetch without
// its `size` option and reads every body whole (isomorphic-fetch.js: `text: () => resp.text()`), so one 300 MB
// list would be held in memory several times over. This sends the same request (URL, headers, the agent client-node
// built for TLS, client certificates and proxies, the AbortSignal of the call's timeout) with node:http(s), and
// stops reading as soon as an answer is known to be over the cap: from its Content-Length, or from the bytes
// counted so far. At most `maxBytes` of a body is ever held.
import http from 'node:http';
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';

/** An answer larger than the cap; the connection was dropped without reading the rest. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
  }
}

function exchange(request: k8s.RequestContext, maxBytes: number): Promise<k8s.ResponseContext> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.getUrl());
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, { method: request.getHttpMethod(), headers: request.getHeaders(), agent: request.getAgent(), signal: request.getSignal() }, (res) => {
      const tooLarge = () => {
        res.destroy();
        reject(new ResponseTooLargeError(maxBytes));
      };
      if (Number(res.headers['content-length']) > maxBytes) return tooLarge();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return tooLarge();
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = String(value);
        const body = Buffer.concat(chunks);
        resolve(new k8s.ResponseContext(res.statusCode ?? 0, headers, { text: async () => body.toString('utf8'), binary: async () => body }));
      });
    });
    req.on('error', reject);
    req.end(request.getBody());
  });
}

/** An `httpApi` for client-node's per-call options that refuses answers over `maxBytes`. */
export function boundedHttpLibrary(maxBytes: number): k8s.HttpLibrary {
  return k8s.wrapHttpLibrary({ send: (request) => exchange(request, maxBytes) });
}
