// The people and things many orders share — customers, branches, suppliers, drivers, vehicles,
// the operators who enter the orders — so that balances and reports aggregate something.
import { company, person, place, type PersonBody, type Place } from './people.ts';
import { Random } from './random.ts';
import { cities, type City } from './turkey.ts';

/** A customer: a company (most senders) or a private person, at a fixed address. */
export interface Customer {
  customerId: string;
  kind: 'company' | 'person';
  place: Place;
  /** The contact as a route's `person` body (with the company block for companies). */
  contact: PersonBody;
  /** Companies want an invoice. */
  hasInvoice: boolean;
}

export interface Branch {
  branchId: string;
  city: City;
  /** Where the branch is: the address of a route of type departure / arrival. */
  place: Place;
}

export interface World {
  customers: readonly Customer[];
  branches: readonly Branch[];
  suppliers: readonly string[];
  /** Driver user ids (x-user-id of the courier's own commands). */
  drivers: readonly string[];
  vehicles: readonly string[];
  /** Office users who create and manage orders. */
  operators: readonly string[];
}

const sizes = {
  customers: 240,
  branchesPerCity: 3,
  suppliers: 30,
  drivers: 120,
  vehicles: 80,
  operators: 12,
};

/** The shared pools of a seed: the same seed gives the same world. */
export function createWorld(seed: string): World {
  const random = new Random(`${seed}:world`);
  const customers = Array.from({ length: sizes.customers }, (): Customer => {
    const kind = random.chance(0.7) ? 'company' : 'person';
    // İstanbul is the biggest market; Ankara and İzmir share the rest.
    const name = random.weighted({ İstanbul: 55, Ankara: 25, İzmir: 20 });
    const city = cities.find((c) => c.name === name)!;
    const at = place(random, city);
    const contact = person(random, { identity: kind === 'person' });
    return {
      customerId: random.uuid(),
      kind,
      place: at,
      contact: kind === 'company' ? { ...contact, company: company(random, at) } : contact,
      hasInvoice: kind === 'company' || random.chance(0.2),
    };
  });
  return {
    customers,
    branches: cities.flatMap((city) =>
      Array.from({ length: sizes.branchesPerCity }, () => ({
        branchId: random.uuid(),
        city,
        place: place(random, city),
      })),
    ),
    suppliers: Array.from({ length: sizes.suppliers }, () => random.uuid()),
    drivers: Array.from({ length: sizes.drivers }, () => random.uuid()),
    vehicles: Array.from({ length: sizes.vehicles }, () => random.uuid()),
    operators: Array.from({ length: sizes.operators }, () => random.uuid()),
  };
}
