import { createLogger } from '@orders/service-kit';
import { createConnector, type Connector } from '../connector.ts';
import { parseEnv } from '../env.ts';

/** The connector in this process (listening on its harness port), started; `stop()` in afterAll. */
export async function startConnectorInProcess(env: Record<string, string>): Promise<Connector> {
  const settings = parseEnv(env);
  const logger = createLogger({ service: 'vigo-connector', level: settings.LOG_LEVEL });
  const connector = await createConnector(settings, { logger });
  await connector.app.listen({ host: settings.HOST, port: settings.PORT });
  await connector.start();
  return connector;
}
