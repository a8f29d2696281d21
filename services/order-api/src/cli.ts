import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import { createClient, rotateClientSecret } from './auth/clients.ts';
import { migrateOrderApi } from './db/migrations.ts';
import type { OrderApiTables } from './db/schema.ts';

const usage = `order-api CLI (DATABASE_URL selects the database)

  clients create --tenant <tenant> [--name <name>]   create a client; prints its secret once
  clients rotate <client_id>                          new secret for a client; the old one stops working
  clients list [--tenant <tenant>]                    client ids, tenants and names (never secrets)
  migrate                                             apply order-api's migrations`;

const databaseUrl = z.url({ protocol: /^postgres(ql)?$/ }).safeParse(process.env['DATABASE_URL']);
const [group, action, ...rest] = process.argv.slice(2);
if (!databaseUrl.success || !group) {
  console.error(databaseUrl.success ? usage : `DATABASE_URL must be a postgres:// URL\n\n${usage}`);
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: databaseUrl.data, max: 2 });
const db = new Kysely<OrderApiTables>({ dialect: new PostgresDialect({ pool }) });
try {
  await migrateOrderApi(db);
  if (group === 'migrate') {
    console.log('order-api migrations applied');
  } else if (group === 'clients' && action === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: { tenant: { type: 'string' }, name: { type: 'string' } },
    });
    if (!values.tenant) throw new Error('--tenant is required');
    const client = await createClient(db, {
      tenantId: values.tenant,
      ...(values.name ? { name: values.name } : {}),
    });
    console.log(`client created for tenant ${client.tenantId}
  x-client-id:     ${client.clientId}
  x-client-secret: ${client.secret}
The secret is shown only now; it is stored as a scrypt hash.`);
  } else if (group === 'clients' && action === 'rotate') {
    const clientId = rest[0];
    if (!clientId) throw new Error('clients rotate <client_id>');
    const secret = await rotateClientSecret(db, clientId);
    console.log(`new secret for ${clientId}
  x-client-secret: ${secret}
The old secret is refused from now on (running servers: within CLIENT_CACHE_TTL_MS).`);
  } else if (group === 'clients' && action === 'list') {
    const { values } = parseArgs({ args: rest, options: { tenant: { type: 'string' } } });
    let query = db
      .selectFrom('order_api.clients')
      .select(['client_id', 'tenant_id', 'name', 'created_at', 'rotated_at']);
    if (values.tenant) query = query.where('tenant_id', '=', values.tenant);
    for (const c of await query.orderBy('created_at').execute()) {
      console.log(
        `${c.client_id}\t${c.tenant_id}\t${c.name}\tcreated ${c.created_at.toISOString()}${c.rotated_at ? `\trotated ${c.rotated_at.toISOString()}` : ''}`,
      );
    }
  } else {
    console.error(usage);
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
