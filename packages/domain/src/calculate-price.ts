// Calculate Order Price (spec 17): an estimate from the coordinates, the vehicle, the weight and the services.
import type { ServiceType, VehicleType } from './order/enums.ts';
import { validationFailed, type ErrorDetail } from './order/errors.ts';
import type { Kurus } from './money.ts';
import { computeOrderPricing, type OrderPricing } from './pricing.ts';
import { assertVatRate } from './vat.ts';
import { isValidLatitude, isValidLongitude } from './validators/geo.ts';
import { istanbulDateOf, isIsoDateTime } from './validators/dates.ts';

export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** One line of loads: dimensions in cm and weight in kg per piece, `quantity` pieces. */
export interface PricedLoad {
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  weightKg: number;
  quantity: number;
}

export interface PriceInput {
  origin: Coordinates;
  destination: Coordinates;
  vehicleType: VehicleType;
  /** Used when no loads are given. */
  weightKg?: number;
  loads?: PricedLoad[];
  services?: ServiceType[];
  /** VAT percent, checked against the rates in force on `at`. */
  vat: number;
  /** ISO-8601 time of the request. */
  at: string;
}

/** Tariff of one vehicle type, in kuruş. */
export interface VehicleTariff {
  baseFee: Kurus;
  perKm: Kurus;
  perKg: Kurus;
}

/** The price table: data the API may load from configuration. */
export interface PriceTable {
  vehicles: Record<VehicleType, VehicleTariff>;
  services: Record<ServiceType, Kurus>;
  /** The least that base + distance may come to, in kuruş. */
  minimum: Kurus;
}

export interface PriceEstimate {
  distanceKm: number;
  desi: number;
  chargeableWeightKg: number;
  pricing: OrderPricing;
  estimatedPrice: Kurus;
}

const EARTH_RADIUS_KM = 6371;
const rad = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance in km by the haversine formula, rounded half up to 0.1 km. */
export function haversineKm(origin: Coordinates, destination: Coordinates): number {
  const dLat = rad(destination.latitude - origin.latitude);
  const dLon = rad(destination.longitude - origin.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(rad(origin.latitude)) * Math.cos(rad(destination.latitude)) * Math.sin(dLon / 2) ** 2;
  const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  return Math.round(km * 10) / 10;
}

/** Hundredths of a non-negative number, rounded up (10.005 → 1001). */
const hundredthsUp = (value: number): number => Math.ceil(Math.round(value * 1e6) / 1e4);

/** Desi of one piece in hundredths, exactly: ⌈L × W × H (in hundredths of a cm) / (3000 × 10⁶) × 100⌉. */
function desiHundredths(load: Pick<PricedLoad, 'lengthCm' | 'widthCm' | 'heightCm'>): number {
  const volume =
    BigInt(hundredthsUp(load.lengthCm)) *
    BigInt(hundredthsUp(load.widthCm)) *
    BigInt(hundredthsUp(load.heightCm));
  const divisor = 3000n * 10n ** 4n;
  return Number((volume + divisor - 1n) / divisor);
}

/**
 * Desi of one piece: length × width × height (cm) / 3000, rounded UP to two decimals
 * (60 × 40 × 50 → 40, 10 × 10 × 10 → 0.34).
 */
export function desiOf(load: Pick<PricedLoad, 'lengthCm' | 'widthCm' | 'heightCm'>): number {
  return desiHundredths(load) / 100;
}

function checkInput(input: PriceInput, table: PriceTable): void {
  const problems: ErrorDetail[] = [];
  const point = (coordinates: Coordinates, path: string): void => {
    if (!isValidLatitude(coordinates.latitude))
      problems.push({ path: `${path}.latitude`, reason: 'expected −90 to 90' });
    if (!isValidLongitude(coordinates.longitude)) {
      problems.push({ path: `${path}.longitude`, reason: 'expected −180 to 180' });
    }
  };
  point(input.origin, 'origin');
  point(input.destination, 'destination');
  if (!Object.hasOwn(table.vehicles, input.vehicleType)) {
    problems.push({ path: 'vehicleType', reason: 'no tariff for this vehicle type' });
  }
  if (!isIsoDateTime(input.at)) problems.push({ path: 'at', reason: 'expected an ISO-8601 timestamp' });
  const weight = input.weightKg;
  if (weight !== undefined && !(weight >= 0))
    problems.push({ path: 'weightKg', reason: 'must be zero or more' });
  input.loads?.forEach((load, i) => {
    for (const field of ['lengthCm', 'widthCm', 'heightCm', 'weightKg'] as const) {
      if (!(load[field] >= 0))
        problems.push({ path: `loads[${i}].${field}`, reason: 'must be zero or more' });
    }
    if (!Number.isSafeInteger(load.quantity) || load.quantity < 1) {
      problems.push({ path: `loads[${i}].quantity`, reason: 'must be a whole number above zero' });
    }
  });
  if (problems.length > 0) throw validationFailed(problems);
}

/** tariff × quantity / 10^decimals rounded half up, where quantity is a whole number of 10^-decimals units. */
function tariffTimes(tariff: Kurus, units: number, decimals: number): Kurus {
  const scale = 10 ** decimals;
  return Math.floor((2 * tariff * units + scale) / (2 * scale));
}

/**
 * An estimate: distance by haversine (km, one decimal), desi per piece rounded up to two decimals,
 * chargeable weight = Σ max(kg, desi) × quantity over the loads (or `weightKg` without loads), kg
 * rounded up to two decimals. baseAmount = baseFee + perKg × chargeable weight and deliveryAmount =
 * perKm × distance, each rounded half up to a kuruş; baseAmount is topped up so that base + delivery
 * reach the table's minimum; servicesAmount = the fees of the distinct services; then
 * {@link computeOrderPricing}, with estAmount = estimatedPrice = totalAmount.
 */
export function calculateOrderPrice(input: PriceInput, table: PriceTable): PriceEstimate {
  checkInput(input, table);
  assertVatRate(input.vat, istanbulDateOf(input.at), 'vat');
  const distanceKm = haversineKm(input.origin, input.destination);
  const loads = input.loads ?? [];
  const desi = loads.reduce((sum, load) => sum + desiHundredths(load) * load.quantity, 0);
  const chargeable =
    loads.length === 0
      ? hundredthsUp(input.weightKg ?? 0)
      : loads.reduce(
          (sum, load) => sum + Math.max(hundredthsUp(load.weightKg), desiHundredths(load)) * load.quantity,
          0,
        );
  const tariff = table.vehicles[input.vehicleType];
  const deliveryAmount = tariffTimes(tariff.perKm, Math.round(distanceKm * 10), 1);
  const baseAmount = Math.max(
    tariff.baseFee + tariffTimes(tariff.perKg, chargeable, 2),
    table.minimum - deliveryAmount,
  );
  const servicesAmount = [...new Set(input.services ?? [])].reduce(
    (sum, service) => sum + table.services[service],
    0,
  );
  const pricing = computeOrderPricing({ baseAmount, deliveryAmount, servicesAmount, vat: input.vat });
  return {
    distanceKm,
    desi: desi / 100,
    chargeableWeightKg: chargeable / 100,
    pricing: { ...pricing, estAmount: pricing.totalAmount },
    estimatedPrice: pricing.totalAmount,
  };
}

const tariffs: Record<VehicleType, VehicleTariff> = {
  bicycle: { baseFee: 5_000, perKm: 300, perKg: 50 },
  walker: { baseFee: 4_000, perKm: 500, perKg: 50 },
  scooter: { baseFee: 6_000, perKm: 350, perKg: 50 },
  motorbike: { baseFee: 7_500, perKm: 400, perKg: 60 },
  car: { baseFee: 15_000, perKm: 800, perKg: 40 },
  centipede: { baseFee: 250_000, perKm: 4_000, perKg: 5 },
  truck: { baseFee: 200_000, perKm: 3_500, perKg: 5 },
  'ten-wheeler': { baseFee: 225_000, perKm: 3_800, perKg: 5 },
  van: { baseFee: 40_000, perKm: 1_200, perKg: 20 },
  'six-wheel': { baseFee: 150_000, perKm: 3_000, perKg: 8 },
  other: { baseFee: 50_000, perKm: 1_500, perKg: 20 },
};

/** A default tariff (kuruş) the API can use until one is configured. */
export const defaultPriceTable: PriceTable = {
  vehicles: tariffs,
  services: {
    insurance: 25_000,
    duty: 15_000,
    porterage: 30_000,
    storage: 20_000,
    forklift: 40_000,
    'big-box': 5_000,
    'medium-box': 3_000,
    'small-box': 1_500,
    handling: 10_000,
  },
  minimum: 10_000,
};
