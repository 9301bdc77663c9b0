import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { handleError } from './error-envelope.js';
import './fastify-types.js';
import { handleNotFound } from './not-found.js';
import { registerOpenApi } from './openapi.js';
import { registerAuthentication } from './plugins/authenticate.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { registerObservability } from './plugins/observability.js';
import { accountGroupRoutes } from './routes/account-groups.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { healthRoutes } from './routes/health.js';
import { logRoutes } from './routes/logs.js';
import { profileRoutes } from './routes/profiles.js';
import { userRoutes } from './routes/users.js';

const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;

/**
 * Builds the HTTP application on a context, without listening: `main.ts` listens, tests call `inject()`.
 */
export async function buildServer(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    // A client's x-request-id is kept (and echoed) when it is a sane token, so logs correlate across systems.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : ctx.ids.next();
    },
    // Per-request access lines only at debug: request logs and metrics already record every request.
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  // The API speaks JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  // SDK clients send `Content-Type: application/json` on bodiless DELETEs; an empty JSON body means "no body".
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new AppError('REQUEST_MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}`, { param: 'body' }), undefined);
    }
  });

  registerObservability(app, ctx);
  registerAuthentication(app, ctx);
  registerIdempotency(app, ctx);
  await registerOpenApi(app);

  await app.register(healthRoutes(ctx));
  await app.register(
    async (v1) => {
      await v1.register(profileRoutes(ctx));
      await v1.register(apiKeyRoutes(ctx));
      await v1.register(accountGroupRoutes(ctx));
      await v1.register(userRoutes(ctx));
      await v1.register(logRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );
  return app;
}
