import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { AppError, validationError } from '../errors.js';
import { handleError, toAppError } from './error-envelope.js';
import './fastify-types.js';
import { apiResourceOf, createNotFoundHandler, routePatternMatcher } from './not-found.js';
import { rejectNulCharacters } from './plugins/reject-nul.js';
import { registerOpenApi } from './openapi.js';
import { registerAuthentication } from './plugins/authenticate.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { registerObservability } from './plugins/observability.js';
import { accountGroupRoutes } from './routes/account-groups.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { healthRoutes } from './routes/health.js';
import { logRoutes } from './routes/logs.js';
import { mediaFileRoutes } from './routes/media-files.js';
import { mediaRoutes } from './routes/media.js';
import { profileRoutes } from './routes/profiles.js';
import { queueRoutes } from './routes/queue.js';
import { accountRoutes } from './routes/accounts.js';
import { connectRoutes } from './routes/connect.js';
import { registerSandbox } from '../platforms/sandbox.js';
import { postBulkRoutes } from './routes/posts-bulk.js';
import { postRoutes } from './routes/posts.js';
import { toolRoutes } from './routes/tools.js';
import { userRoutes } from './routes/users.js';

function frameworkError(error: { code?: string; message: string }): AppError {
  if (error.code === 'FST_ERR_BAD_URL') return new AppError('REQUEST_MALFORMED_URL', error.message, { param: 'url' });
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return new AppError('REQUEST_URI_TOO_LONG', 'A path segment is too long.', { param: 'url' });
  return toAppError(error);
}

/** No request shape nests anywhere near this deep; the cap keeps recursive walkers (validation, hashing) safe. */
const MAX_JSON_DEPTH = 32;

/** Deepest nesting of arrays and objects in a parsed JSON value, computed without recursion. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

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
    // Errors Fastify raises before routing (a broken %-escape, an overlong path segment) get the envelope too.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      handleError(frameworkError(error), request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API and type-check every handler's return value at compile time; presenters build
  // exactly those shapes, so responses are serialised directly instead of being re-validated on every request.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const servedPatterns: RegExp[] = [];
  app.addHook('onRoute', (route) => {
    if (apiResourceOf(route.url)) servedPatterns.push(routePatternMatcher(route.url));
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(createNotFoundHandler(servedPatterns));

  // The API speaks JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  // SDK clients send `Content-Type: application/json` on bodiless DELETEs; an empty JSON body means "no body".
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return done(new AppError('REQUEST_MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}`, { param: 'body' }), undefined);
    }
    if (nestingDepth(parsed) > MAX_JSON_DEPTH) {
      return done(validationError([{ field: 'body', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }]), undefined);
    }
    done(null, parsed);
  });

  registerObservability(app, ctx);
  rejectNulCharacters(app);
  registerAuthentication(app, ctx);
  registerIdempotency(app, ctx);
  await registerOpenApi(app);

  await app.register(healthRoutes(ctx));
  await app.register(mediaFileRoutes(ctx));
  if (ctx.sandbox) await registerSandbox(app, ctx.sandbox);
  await app.register(
    async (v1) => {
      await v1.register(profileRoutes(ctx));
      await v1.register(apiKeyRoutes(ctx));
      await v1.register(accountGroupRoutes(ctx));
      await v1.register(userRoutes(ctx));
      await v1.register(logRoutes(ctx));
      await v1.register(mediaRoutes(ctx));
      await v1.register(connectRoutes(ctx));
      await v1.register(accountRoutes(ctx));
      await v1.register(toolRoutes(ctx));
      await v1.register(postRoutes(ctx));
      await v1.register(queueRoutes(ctx));
      await v1.register(postBulkRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );
  return app;
}
