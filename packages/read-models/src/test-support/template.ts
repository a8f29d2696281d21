import { eventStoreTestTemplate } from '@orders/event-store';
import { migrateReadModels, readModelsMigrationsHash } from '../migrations.ts';

const eventStore = eventStoreTestTemplate();

/** A template database (for @orders/testing's createTestDatabase) with the event store and the read models. */
export const readModelsTemplate = {
  name: `tpl_read_models_${eventStore.name.slice(-8)}_${readModelsMigrationsHash()}`,
  migrate: async (url: string) => {
    await eventStore.migrate(url);
    await migrateReadModels(url);
  },
};
