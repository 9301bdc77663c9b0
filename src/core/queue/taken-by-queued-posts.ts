import type { TakenSlotsCheck } from './taken-slots-check.js';

/**
 * Which candidate instants of a queue already hold a post queued there. Outbox stores no posts yet, so no slot is
 * taken; this is the one check the queue's read operations (next slot, preview, upcoming slots) consult, so the
 * posts store answers here once posts exist.
 */
export const takenByQueuedPosts: TakenSlotsCheck = async () => [];
