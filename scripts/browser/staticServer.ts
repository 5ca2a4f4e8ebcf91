import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
};

export interface StaticServer {
  /** Absolute URL of the mounted folder, ending in `/`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `root` read-only on 127.0.0.1 (a secure context, so WebGPU is exposed) at a
 * free port, under `mountPath` (e.g. `/reslab/`). Mounting below `/` checks that the
 * build's relative asset URLs work from a sub-folder, as on a real static host.
 */
export async function serveStatic(root: string, mountPath = '/'): Promise<StaticServer> {
  const mount = mountPath.endsWith('/') ? mountPath : `${mountPath}/`;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405).end();
        return;
      }
      if (!pathname.startsWith(mount)) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end(`not under ${mount}`);
        return;
      }
      const relative = pathname.slice(mount.length) || 'index.html';
      const file = normalize(join(root, relative));
      if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
        response.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => null);
      const target = info?.isDirectory() ? join(file, 'index.html') : file;
      const targetInfo = info?.isDirectory() ? await stat(target).catch(() => null) : info;
      if (!targetInfo?.isFile()) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      response.writeHead(200, {
        'content-type': MIME_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
        'content-length': targetInfo.size,
        'cache-control': 'no-store',
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(target).pipe(response);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${mount}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
