// The built site (dist) as a static host serves it: under a sub-path (as
// GitHub Pages serves a project, /downhill/), with the cross-origin isolation
// headers of dist/_headers, and text gzipped on the way as hosts do. MNIST's
// shards are served as the .gz files they are, not decoded on the way.
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.gz': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
};
const compressible = new Set(['.html', '.js', '.css', '.svg', '.json']);

export interface StaticSite {
  /** The site's address, ending in the sub-path and a slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serve `dir` at http://127.0.0.1:<port><subPath> (subPath like /downhill/demo/). */
export async function serveStatic(dir: string, subPath: string): Promise<StaticSite> {
  const gzipped = new Map<string, Buffer>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(subPath)) {
      response.writeHead(404).end('not under the sub-path');
      return;
    }
    let path = normalize(decodeURIComponent(url.pathname.slice(subPath.length)));
    if (path === '.' || path === '' || path.endsWith('/')) path = join(path, 'index.html');
    if (path.startsWith('..')) {
      response.writeHead(403).end();
      return;
    }
    const file = join(dir, path);
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      response.writeHead(404).end('not found');
      return;
    }
    const ext = extname(file);
    let body: Buffer = readFileSync(file);
    const headers: Record<string, string> = {
      'Content-Type': types[ext] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': ext === '.html' ? 'no-cache' : 'public, max-age=600',
    };
    if (compressible.has(ext) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      let packed = gzipped.get(file);
      if (!packed) gzipped.set(file, (packed = gzipSync(body, { level: 6 })));
      body = packed;
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = String(body.length);
    response.writeHead(200, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${subPath}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
