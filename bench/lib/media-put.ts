import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** What one timed PUT measured. */
export interface PutResult {
  /** Wall time from opening the connection to the end of the response (ms). */
  ms: number;
  /** When the last byte of the body had been handed to the socket (ms from the start); the rest is the server's tail. */
  bodySentMs: number;
  status: number;
  /** The response body as text. */
  body: string;
}

/**
 * PUTs `file` to `url` streamed from disk (never held in memory) with an exact Content-Length, on a fresh
 * connection, and times it until the server's answer has been read: the server's own work after the last byte
 * (hashing, syncing, probing) is inside the measurement, as a client waiting for "stored" sees it.
 */
export function putFile(url: string, file: string, contentType: string): Promise<PutResult> {
  const size = fs.statSync(file).size;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let bodySentMs = Number.NaN;
    const request = http.request(url, {
      method: 'PUT',
      agent: false,
      headers: { 'content-type': contentType, 'content-length': size },
    }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ ms: performance.now() - started, bodySentMs, status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.on('finish', () => (bodySentMs = performance.now() - started));
    const source = fs.createReadStream(file);
    source.on('error', (error) => request.destroy(error));
    source.pipe(request);
  });
}
