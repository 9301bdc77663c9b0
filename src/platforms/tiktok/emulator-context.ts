import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.js';
import type { Delayer } from '../emulator-kit/connection-faults.js';
import type { FaultQueue } from '../emulator-kit/fault-queue.js';
import type { ResolvedConfig } from './emulator-config.js';
import type { TikTokFault } from './emulator-faults.js';
import type { PullRunner } from './emulator-pull.js';
import type { TikTokStore } from './emulator-state.js';

/** What every TikTok emulator route module works with. */
export interface TikTokEmulatorContext {
  config: ResolvedConfig;
  clock: Clock;
  store: TikTokStore;
  faults: FaultQueue<TikTokFault>;
  delayer: Delayer;
  pulls: PullRunner;
  /** The externally visible origin + prefix for this request (the configured `baseUrl`, or Host + prefix). */
  baseUrlFor(request: FastifyRequest): string;
}
