import { createLogger, onShutdownSignal } from '@orders/service-kit';
import { buildSandbox } from './app.ts';
import { optionsFromEnv, parseEnv } from './env.ts';

const env = parseEnv(process.env);
const logger = createLogger({ service: 'vigo-sandbox', level: env.LOG_LEVEL });
const { app, settings } = await buildSandbox({
  ...optionsFromEnv(env),
  logger,
  logRequests: env.LOG_REQUESTS,
});

onShutdownSignal(logger, () => app.close());

const address = await app.listen({ host: env.HOST, port: env.PORT });
logger.info(
  {
    vigo: `${address}${settings.basePath}`,
    control: `${address}/_sandbox`,
    autoAdvance: settings.autoAdvance,
  },
  'vigo sandbox listening',
);
