// People, companies and addresses of the demo data, in the v3 wire shape (snake_case).
import type { addressBody, companyBody, personBody } from '@orders/contracts';
import type { z } from 'zod';
import { mobile, tckn, vkn } from './identity.ts';
import type { Random } from './random.ts';
import {
  addressDirections,
  apartmentNames,
  cities,
  companySectors,
  companyStems,
  femaleNames,
  maleNames,
  streetNames,
  surnames,
  type City,
  type District,
} from './turkey.ts';

export type AddressBody = z.input<typeof addressBody>;
export type PersonBody = z.input<typeof personBody>;
export type CompanyBody = z.input<typeof companyBody>;

/** A place of the demo: its city and district and the address body the API takes. */
export interface Place {
  city: City;
  district: District;
  address: AddressBody;
}

const asciiFold: Record<string, string> = { ç: 'c', ğ: 'g', ı: 'i', İ: 'i', ö: 'o', ş: 's', ü: 'u' };

/** `Işık Öztürk` → `isik.ozturk`: the local part of an e-mail address. */
export function emailLocalPart(name: string): string {
  return name
    .replace(/[çğıİöşüÇĞÖŞÜ]/g, (c) => asciiFold[c.toLocaleLowerCase('tr')] ?? asciiFold[c] ?? c)
    .toLocaleLowerCase('en')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

export function personName(random: Random): { firstname: string; lastname: string } {
  const firstname = random.chance(0.5) ? random.pick(femaleNames) : random.pick(maleNames);
  // Some people carry two given names ("Ayşe Nur", "Mehmet Ali").
  const second = random.chance(0.08) ? ` ${random.pick([...femaleNames, ...maleNames])}` : '';
  return { firstname: `${firstname}${second}`, lastname: random.pick(surnames) };
}

/** A private person: name, TCKN, mobile phone and sometimes an e-mail address. */
export function person(random: Random, options: { identity?: boolean } = {}): PersonBody {
  const { firstname, lastname } = personName(random);
  const fullname = `${firstname} ${lastname}`;
  const domain = random.pick(['gmail.com', 'hotmail.com', 'outlook.com', 'yandex.com.tr', 'icloud.com']);
  return {
    firstname,
    lastname,
    fullname,
    phone: mobile(random),
    ...(options.identity ? { identity: tckn(random) } : {}),
    ...(random.chance(0.6) ? { email: `${emailLocalPart(fullname)}${random.int(1, 99)}@${domain}` } : {}),
  };
}

/** A company with its tax number (VKN, or the owner's TCKN for a sole proprietorship) and tax office. */
export function company(random: Random, at: Place): CompanyBody {
  const stem = random.pick(companyStems);
  const sector = random.pick(companySectors);
  const companyType = random.weighted({ limited: 55, anonymous: 30, person: 15 } as const);
  const legalSuffix =
    companyType === 'anonymous'
      ? 'San. ve Tic. A.Ş.'
      : companyType === 'limited'
        ? 'Tic. Ltd. Şti.'
        : 'Ticaret';
  return {
    title_brand: `${stem} ${sector}`,
    title_legal: `${stem} ${sector} ${legalSuffix}`,
    tax_no: companyType === 'person' ? tckn(random) : vkn(random),
    tax_office: `${at.district.name} Vergi Dairesi`,
    address: at.address.full_address ?? '',
    company_type: companyType,
  };
}

/** A realistic street address in `city` (a random district of it), with coordinates near the district. */
export function place(random: Random, city: City = random.pick(cities)): Place {
  const district = random.pick(city.districts);
  const neighbourhood = random.pick(district.neighbourhoods);
  const street = random.chance(0.35)
    ? random.pick(district.avenues)
    : city.numberedStreets && random.chance(0.6)
      ? `${random.int(1001, 2899)} Sk.`
      : `${random.pick(streetNames)} Sk.`;
  const buildingNo = `${random.int(1, 180)}${random.chance(0.1) ? `/${random.pick(['A', 'B', 'C'])}` : ''}`;
  const floor = String(random.int(0, 9));
  const flat = String(random.int(1, 24));
  const apartment = random.chance(0.5) ? `${random.pick(apartmentNames)} Apt.` : undefined;
  const full = [
    `${neighbourhood} Mah.`,
    street,
    `No: ${buildingNo}${random.chance(0.7) ? ` D: ${flat}` : ''}`,
    `${district.zipCode} ${district.name}/${city.name}`,
  ].join(' ');
  const address: AddressBody = {
    latitude: random.near(district.latitude, 0.015),
    longitude: random.near(district.longitude, 0.015),
    country_id: 90,
    city_id: city.plate,
    full_address: full,
    zip_code: district.zipCode,
    floor,
    flat,
    address_type: 'individual',
    ...(apartment ? { apartment } : {}),
    ...(random.chance(0.25) ? { description: random.pick(addressDirections) } : {}),
  };
  return { city, district, address };
}
