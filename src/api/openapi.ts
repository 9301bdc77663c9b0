import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** Package version, shown in the OpenAPI document. */
export const API_VERSION = '0.1.0';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, served at
 * `/api/openapi.json`, and a browsable reference at `/api/docs`.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Outbox API',
        version: API_VERSION,
        description:
          'Self-hosted unified social media publishing API. Paths and shapes follow the @getlatedev/node SDK: set its `baseURL` to `<outbox>/api`.',
      },
      servers: [{ url: '/api' }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An Outbox API key.' } } },
      security: [{ bearerAuth: [] }],
    },
    transform: (input) => {
      // The sandbox emulators speak each platform's API, not Outbox's: they are documented with the platforms.
      if (input.url.startsWith('/sandbox/')) return { schema: { ...input.schema, hide: true }, url: input.url };
      const result = jsonSchemaTransform(input);
      // The document's server URL is /api, so paths are written relative to it.
      return { ...result, url: result.url.replace(/^\/api(?=\/)/, '') };
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
