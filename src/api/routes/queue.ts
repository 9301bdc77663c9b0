import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { createQueue } from '../../core/queue/create-queue.js';
import { deleteQueues } from '../../core/queue/delete-queues.js';
import { getNextQueueSlot } from '../../core/queue/get-next-queue-slot.js';
import { getQueue } from '../../core/queue/get-queue.js';
import { listQueues } from '../../core/queue/list-queues.js';
import type { QueueWithSlots } from '../../core/queue/load-profile-queue.js';
import { previewQueue } from '../../core/queue/preview-queue.js';
import { isIanaTimeZone } from '../../core/queue/queue-timezone.js';
import { updateQueue } from '../../core/queue/update-queue.js';
import { upcomingSlots } from '../../core/queue/upcoming-slots.js';
import { principalOf } from '../fastify-types.js';
import { commonErrors, iso, objectId, queryBoolean } from '../schemas/common.js';

/** How slot times are placed, for the route descriptions (and so the OpenAPI document). */
const SLOT_RULE =
  'Slots are weekly: a day of week (0 = Sunday … 6 = Saturday) and a local time HH:mm read in the queue\'s IANA time ' +
  'zone. Each slot fires at the first instant the local clock reads that time or later: on a spring-forward day a ' +
  'slot inside the skipped hour (02:30 in New York) fires when the clock jumps (03:00 local), and on a fall-back day ' +
  'a slot in the repeated hour (01:30) fires once, at its first occurrence. Slots that land on the same instant count ' +
  'once. Times are returned as ISO 8601 in UTC, strictly after now, in increasing order.';

const slotSchema = z
  .object({
    dayOfWeek: z.number().int('must be a whole number').min(0, 'must be 0 (Sunday) to 6 (Saturday)').max(6, 'must be 0 (Sunday) to 6 (Saturday)'),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm on a 24-hour clock (00:00 to 23:59)'),
  })
  .meta({ id: 'QueueSlot' });

const slots = z
  .array(slotSchema)
  .min(1, 'must have at least one slot')
  .max(1000, 'must have at most 1000 slots')
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((slot, index) => {
      const key = `${slot.dayOfWeek} ${slot.time}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else ctx.addIssue({ code: 'custom', path: [index], message: `repeats slots[${first}]` });
    });
  });

const timezone = z.string().refine(isIanaTimeZone, 'must be an IANA time zone name such as America/New_York');
const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

const scheduleSchema = z
  .object({
    _id: z.string(),
    profileId: z.string(),
    name: z.string(),
    timezone: z.string(),
    slots: z.array(slotSchema),
    active: z.boolean(),
    isDefault: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'QueueSchedule' });

const nextSlots = z.array(z.string()).describe('The next free slot times (up to 10), ISO 8601 UTC; empty for a paused queue.');
const selector = { profileId: objectId, queueId: objectId.optional() };

function present({ queue, slots: weekly }: QueueWithSlots): z.infer<typeof scheduleSchema> {
  return {
    _id: queue.id,
    profileId: queue.profile_id,
    name: queue.name,
    timezone: queue.timezone,
    slots: weekly
      .map((slot) => ({ dayOfWeek: slot.dayOfWeek, time: slot.time }))
      .sort((a, b) => a.dayOfWeek - b.dayOfWeek || a.time.localeCompare(b.time)),
    active: queue.active === 1,
    isDefault: queue.is_default === 1,
    createdAt: iso(queue.created_at),
    updatedAt: iso(queue.updated_at),
  };
}

/** Posting queues: `/api/v1/queue/slots`, `/queue/next-slot` and `/queue/preview`, in the SDK's shapes. */
export function queueRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const upcoming = async (loaded: QueueWithSlots) => (await upcomingSlots(ctx, loaded)).map((instant) => iso(instant));

  return async (app) => {
    app.get('/queue/slots', {
      schema: {
        tags: ['Queue'],
        summary: 'List queue schedules',
        description: `The profile's default queue, the queue \`queueId\`, or with \`all=true\` every queue of the profile. ${SLOT_RULE}`,
        querystring: z.object({ ...selector, all: queryBoolean.optional() }).superRefine((query, check) => {
          if (query.all === true && query.queueId !== undefined) {
            check.addIssue({ code: 'custom', path: ['queueId'], message: 'cannot be combined with all=true' });
          }
        }),
        response: {
          200: z.union([
            z.object({ exists: z.boolean(), schedule: scheduleSchema.optional(), nextSlots }),
            z.object({ queues: z.array(scheduleSchema), count: z.number() }),
          ]),
          ...commonErrors,
        },
      },
    }, async (request) => {
      const { profileId, queueId, all } = request.query;
      const principal = principalOf(request);
      if (all === true) {
        const queues = await listQueues(ctx, principal, profileId);
        return { queues: queues.map(present), count: queues.length };
      }
      const loaded = await getQueue(ctx, principal, profileId, queueId);
      if (!loaded) return { exists: false, nextSlots: [] };
      return { exists: true, schedule: present(loaded), nextSlots: await upcoming(loaded) };
    });

    app.post('/queue/slots', {
      config: { idempotent: true },
      schema: {
        tags: ['Queue'],
        summary: 'Create a queue',
        description: `Creates a queue for the profile. The profile's first queue becomes its default. ${SLOT_RULE}`,
        body: z.object({ profileId: objectId, name, timezone, slots, active: z.boolean().optional() }),
        response: { 201: z.object({ success: z.boolean(), schedule: scheduleSchema, nextSlots }), ...commonErrors },
      },
    }, async (request, reply) => {
      const loaded = await createQueue(ctx, principalOf(request), request.body);
      return reply.status(201).send({ success: true, schedule: present(loaded), nextSlots: await upcoming(loaded) });
    });

    app.put('/queue/slots', {
      schema: {
        tags: ['Queue'],
        summary: 'Update a queue',
        description:
          'Replaces the time zone and slots of the queue `queueId`, or without it of the profile\'s default queue ' +
          '(created when the profile has none: `isNewQueue`). `setAsDefault: true` makes the queue the default. ' +
          `\`reshuffleExisting: true\` is not offered (501). ${SLOT_RULE}`,
        body: z.object({
          ...selector,
          name: name.optional(),
          timezone,
          slots,
          active: z.boolean().optional(),
          setAsDefault: z.boolean().optional(),
          reshuffleExisting: z.boolean().optional(),
        }),
        response: {
          200: z.object({ success: z.boolean(), schedule: scheduleSchema, nextSlots, isNewQueue: z.boolean() }),
          ...commonErrors,
          501: commonErrors[400],
        },
      },
    }, async (request) => {
      const result = await updateQueue(ctx, principalOf(request), request.body);
      return { success: true, schedule: present(result), nextSlots: await upcoming(result), isNewQueue: result.isNewQueue };
    });

    app.delete('/queue/slots', {
      schema: {
        tags: ['Queue'],
        summary: 'Delete queues',
        description:
          'Deletes the queue `queueId`, or without it every queue of the profile. When the default queue goes and ' +
          'others remain, the oldest of them becomes the default.',
        querystring: z.object(selector),
        response: {
          200: z.object({ success: z.boolean(), deleted: z.boolean(), deletedCount: z.number(), message: z.string() }),
          ...commonErrors,
        },
      },
    }, async (request) => {
      const deletedCount = await deleteQueues(ctx, principalOf(request), request.query);
      return { success: true, deleted: deletedCount > 0, deletedCount, message: `Deleted ${deletedCount} queue(s)` };
    });

    app.get('/queue/next-slot', {
      schema: {
        tags: ['Queue'],
        summary: 'Get the next free slot',
        description: `The next free slot of the profile's default queue, or of \`queueId\`. ${SLOT_RULE}`,
        querystring: z.object(selector),
        response: {
          200: z.object({ profileId: z.string(), nextSlot: z.string(), timezone: z.string(), queueId: z.string(), queueName: z.string() }),
          ...commonErrors,
          409: commonErrors[400],
        },
      },
    }, async (request) => {
      const { queue, instant } = await getNextQueueSlot(ctx, principalOf(request), request.query);
      return { profileId: queue.profile_id, nextSlot: iso(instant), timezone: queue.timezone, queueId: queue.id, queueName: queue.name };
    });

    app.get('/queue/preview', {
      schema: {
        tags: ['Queue'],
        summary: 'Preview upcoming slots',
        description: `The next \`count\` (Default: 20, at most 100) free slots of the profile's default queue, or of \`queueId\`. ${SLOT_RULE}`,
        querystring: z.object({
          ...selector,
          count: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
        }),
        response: {
          200: z.object({ profileId: z.string(), queueId: z.string(), queueName: z.string(), count: z.number(), slots: z.array(z.string()) }),
          ...commonErrors,
          409: commonErrors[400],
        },
      },
    }, async (request) => {
      const { profileId, queueId, count } = request.query;
      const { queue, instants } = await previewQueue(ctx, principalOf(request), { profileId, queueId, count: count ?? 20 });
      return { profileId: queue.profile_id, queueId: queue.id, queueName: queue.name, count: instants.length, slots: instants.map((i) => iso(i)) };
    });
  };
}
