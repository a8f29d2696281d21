import { createLogger, onShutdownSignal } from '@orders/service-kit';
import { createConnector } from './connector.ts';
import { parseEnv } from './env.ts';

const env = parseEnv(process.env);
const logger = createLogger({ service: 'vigo-connector', level: env.LOG_LEVEL });
const connector = await createConnector(env, {
  logger,
  onCrashPoint: (point) => {
    // Tests only (CRASH_AT): die here as a power cut would, with no cleanup at all.
    logger.fatal({ point }, 'crash point reached; killing the process');
    process.kill(process.pid, 'SIGKILL');
  },
  onFatal: (reason) => {
    logger.fatal({ reason }, 'the event source stopped for good; exiting to be restarted');
    void connector.stop().finally(() => process.exit(1));
  },
});

onShutdownSignal(logger, () => connector.stop());

await connector.app.listen({ host: env.HOST, port: env.PORT });
await connector.start();
logger.info({ source: env.SOURCE }, 'vigo connector consuming order events');
