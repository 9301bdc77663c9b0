import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import { createTikTokEmulator, type TikTokEmulator } from './tiktok/emulator.js';
import type { TikTokEmulatorOptions } from './tiktok/emulator-options.js';
import { TIKTOK_SANDBOX_PATH } from './tiktok/config.js';

/** Every platform emulator of the sandbox, by platform id. */
export interface SandboxEmulators {
  tiktok: TikTokEmulator;
}

/** Creates the emulators, all reading `clock` so token lifetimes and processing follow the same time as Outbox. */
export function createSandboxEmulators(clock: Clock, tiktok: Omit<TikTokEmulatorOptions, 'clock'> = {}): SandboxEmulators {
  return { tiktok: createTikTokEmulator({ ...tiktok, clock }) };
}

/** Serves the emulators under `/sandbox/<platform>/…` on an app (Outbox itself, or `outbox sandbox` standalone). */
export async function registerSandbox(app: FastifyInstance, emulators: SandboxEmulators): Promise<void> {
  await app.register(emulators.tiktok.plugin, { prefix: TIKTOK_SANDBOX_PATH });
}
