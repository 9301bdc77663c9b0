import { z } from 'zod';

/** A 24-hex object id in a path or body. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character lowercase hex id');

/** A boolean in a query string: only `true`/`false` (z.coerce.boolean would read "false" as true). */
export const queryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A `#rrggbb` colour. */
export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour');

/** Plain message response. */
export const messageResponse = z.object({ message: z.string() });

/** The error envelope, for the OpenAPI document. */
export const errorEnvelope = z
  .object({
    error: z.string().describe('Human-readable message.'),
    type: z.enum([
      'invalid_request_error',
      'authentication_error',
      'permission_error',
      'not_found',
      'rate_limit_error',
      'platform_error',
      'api_error',
    ]),
    code: z.string().describe('Stable machine-readable code; see docs/errors.md.'),
    param: z.string().optional().describe('The request field at fault.'),
    platform: z.string().optional(),
    platformError: z.record(z.string(), z.unknown()).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string(),
  })
  .meta({ id: 'ErrorResponse' });

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const commonErrors = {
  400: errorEnvelope,
  401: errorEnvelope,
  403: errorEnvelope,
  404: errorEnvelope,
  429: errorEnvelope,
} as const;

/** Converts epoch milliseconds to the ISO 8601 strings the API returns. */
export function iso(epochMs: number): string;
export function iso(epochMs: number | null): string | null;
export function iso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
