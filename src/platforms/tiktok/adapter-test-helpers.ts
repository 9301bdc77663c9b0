import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { createFakeClock, type FakeClock } from '../../clock.js';
import type { MediaProbe } from '../../media/probe/index.js';
import { createHttpClient, type HttpClient, type HttpRequestLog } from '../http.js';
import type { PublishContext } from '../publish-context.js';
import type { PublishMedia, PublishTarget } from '../publish-target.js';
import { createTikTokAdapter, type TikTokAdapter, type TikTokAdapterOptions } from './adapter.js';
import { tiktokConfigFor } from './config.js';
import { createTikTokEmulator, type TikTokEmulator } from './emulator.js';
import type { TikTokEmulatorOptions } from './emulator-options.js';
import { connect, SANDBOX_PREFIX, type AuthorizeOptions } from './emulator-test-helpers.js';

/** An emulator on an ephemeral port, an adapter pointed at it, and a media route for pull tests. */
export interface TikTokTestbed {
  app: FastifyInstance;
  emulator: TikTokEmulator;
  clock: FakeClock;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `http://127.0.0.1:<port>/sandbox/tiktok`, for the emulator test helpers. */
  base: string;
  adapter: TikTokAdapter;
  http: HttpClient;
  /** Every request the adapter sent, in order. */
  requests: HttpRequestLog[];
  /** Serves `bytes` at a local URL the emulator counts as verified, and returns that URL. */
  mediaUrl(name: string, bytes: Buffer): string;
  /** Connects an account through the emulator (consent + code exchange) and returns the token response. */
  connect(options?: AuthorizeOptions): Promise<{ accessToken: string; refreshToken: string; openId: string }>;
  /** A publish context whose `sleep` lets pulls finish and then advances the fake clock. */
  context(accessToken: string, externalRef?: string): { context: PublishContext; saved: string[] };
  close(): Promise<void>;
}

/** Starts a {@link TikTokTestbed}. */
export async function startTikTokTestbed(
  options: { emulator?: TikTokEmulatorOptions; adapter?: TikTokAdapterOptions } = {},
): Promise<TikTokTestbed> {
  const clock = createFakeClock(Date.UTC(2025, 0, 15, 12, 0, 0));
  const emulator = createTikTokEmulator({ clock, ...options.emulator });
  const app = Fastify();
  const files = new Map<string, Buffer>();
  app.get<{ Params: { name: string } }>('/test-media/:name', async (request, reply) => {
    const bytes = files.get(request.params.name);
    if (bytes === undefined) return reply.code(404).send();
    return reply.type('application/octet-stream').send(bytes);
  });
  await app.register(emulator.plugin, { prefix: SANDBOX_PREFIX });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const http = createHttpClient({ platform: 'tiktok', clock });
  const requests: HttpRequestLog[] = [];
  http.onRequest((entry) => requests.push(entry));
  const config = tiktokConfigFor({ sandbox: true, sandboxOrigin: origin });
  const adapter = createTikTokAdapter(config, { http, clock, ...options.adapter });
  const base = `${origin}${SANDBOX_PREFIX}`;
  const harness = { app, emulator, clock, base, close: () => app.close() };
  return {
    ...harness,
    origin,
    adapter,
    http,
    requests,
    mediaUrl(name, bytes) {
      files.set(name, bytes);
      return `${origin}/test-media/${encodeURIComponent(name)}`;
    },
    async connect(authorizeOptions) {
      const body = await connect(harness, authorizeOptions);
      return { accessToken: body.access_token, refreshToken: body.refresh_token, openId: body.open_id };
    },
    context(accessToken, externalRef) {
      const saved: string[] = [];
      const context: PublishContext = {
        accessToken,
        clock,
        externalRef,
        saveExternalRef: async (ref) => {
          saved.push(ref);
        },
        sleep: async (ms) => {
          await emulator.idle();
          clock.advance(ms);
        },
      };
      return { context, saved };
    },
  };
}

// A prime-length pattern, so chunk boundaries never line up with its period and a misplaced range changes the hash.
const PATTERN_LENGTH = 65_521;
const PATTERN = (() => {
  const bytes = Buffer.alloc(PATTERN_LENGTH);
  let state = 0x2545f491;
  for (let i = 0; i < PATTERN_LENGTH; i += 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
})();

/** Deterministic bytes [start, end] (inclusive) of a generated file, in blocks of at most 64 KiB. */
export function* generatedBytes(start: number, end: number): Generator<Buffer> {
  for (let offset = start; offset <= end; ) {
    const phase = offset % PATTERN_LENGTH;
    const length = Math.min(PATTERN_LENGTH - phase, end - offset + 1, 65_536);
    yield PATTERN.subarray(phase, phase + length);
    offset += length;
  }
}

/** sha256 (hex) of a generated file of `size` bytes. */
export function generatedSha256(size: number): string {
  const hash = createHash('sha256');
  for (const block of generatedBytes(0, size - 1)) hash.update(block);
  return hash.digest('hex');
}

/** A probe of a valid TikTok video (MP4, H.264, 1080x1920, 30 fps, 15 s) with `overrides`. */
export function videoProbe(sizeBytes: number, overrides: Partial<MediaProbe> = {}): MediaProbe {
  return {
    kind: 'video',
    container: 'mp4',
    mimeType: 'video/mp4',
    videoCodec: 'h264',
    audioCodec: 'aac',
    durationMs: 15_000,
    width: 1080,
    height: 1920,
    rotation: 0,
    frameRate: 30,
    sizeBytes,
    bytesRead: 4096,
    moovAtEnd: false,
    ...overrides,
  };
}

/** A probe of a valid TikTok photo (JPEG 1080x1350). */
export function imageProbe(sizeBytes: number, overrides: Partial<MediaProbe> = {}): MediaProbe {
  return { kind: 'image', container: 'jpeg', mimeType: 'image/jpeg', width: 1080, height: 1350, rotation: 0, sizeBytes, bytesRead: 512, ...overrides };
}

/** Hooks into a generated media's reads. */
export interface GeneratedMediaOptions {
  probe?: Partial<MediaProbe>;
  publicUrl?: string;
  /** Called before each range is opened (to inject a fault mid-upload, or to sample memory). */
  onOpen?(start: number, end: number): void | Promise<void>;
  /** Called for every block streamed. */
  onBlock?(): void;
}

/** A video of `size` generated bytes whose `openRange` streams any range without holding the file in memory. */
export function generatedVideo(size: number, options: GeneratedMediaOptions = {}): PublishMedia {
  return {
    probe: videoProbe(size, options.probe),
    sizeBytes: size,
    contentType: 'video/mp4',
    publicUrl: options.publicUrl,
    async openRange(start, end) {
      await options.onOpen?.(start, end);
      const blocks = generatedBytes(start, end);
      return Readable.from(
        (function* () {
          for (const block of blocks) {
            options.onBlock?.();
            yield block;
          }
        })(),
        { objectMode: false },
      );
    },
  };
}

/** A photo served at `url`. */
export function servedImage(url: string, size: number): PublishMedia {
  return {
    probe: imageProbe(size),
    sizeBytes: size,
    contentType: 'image/jpeg',
    publicUrl: url,
    openRange: async () => Readable.from([]),
  };
}

/** A TikTok video target with the given settings (Default: a public direct post). */
export function videoTarget(media: PublishMedia, settings: Record<string, unknown> = { privacy_level: 'PUBLIC_TO_EVERYONE' }, content = 'Sandbox video #outbox'): PublishTarget {
  return { content, media: [media], platformSettings: settings };
}
