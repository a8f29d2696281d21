// The order's own fields — the spec's create body in camelCase. The HTTP layer maps snake_case.
import type { Kurus } from '../money.ts';
import type { LoadPricing, OrderPricing, ServicePricing } from '../pricing.ts';
import type {
  AddressType,
  AssignType,
  BranchRouteType,
  CompanyType,
  ContainerType,
  ContentType,
  CustomerType,
  LoadType,
  OrderType,
  PaymentMethod,
  PaymentType,
  PenType,
  RouteType,
  ServiceType,
  ShippingType,
  TransportMode,
  TransportType,
  UploadType,
  VehicleBody,
  VehicleType,
} from './enums.ts';

/** `dates`: YYYY-MM-DD dates and HH:mm hours. */
export interface OrderDates {
  departureDate?: string;
  departureHour?: string;
  arrivalDate?: string;
  arrivalHour?: string;
}

export interface Address {
  latitude?: number;
  longitude?: number;
  tag?: string;
  description?: string;
  note?: string;
  countryId?: number;
  cityId?: number;
  districtId?: number;
  quarterId?: number;
  apartment?: string;
  floor?: string;
  flat?: string;
  zipCode?: string;
  fullAddress?: string;
  addressType?: AddressType;
}

export interface Company {
  titleLegal?: string;
  titleBrand?: string;
  /** 10 digits: a valid VKN; 11 digits (sole proprietors): a valid TCKN. */
  taxNo?: string;
  taxOffice?: string;
  address?: string;
  companyType?: CompanyType;
}

export interface Person {
  firstname?: string;
  lastname?: string;
  fullname?: string;
  /** 11 digits: a valid TCKN; 10 digits: a valid VKN. */
  identity?: string;
  /** A Turkish mobile, stored as +905XXXXXXXXX. */
  phone?: string;
  email?: string;
  company?: Company;
}

export interface Route {
  routeType: RouteType;
  address?: Address;
  person?: Person;
  includes?: { addressId?: string; customerId?: string; userId?: string };
}

export interface OrderCustomer {
  customerId: string;
  customerType: CustomerType;
  hasInvoice: boolean;
}

export interface OrderBranch {
  branchId: string;
  routeType: BranchRouteType;
  inBranch: boolean;
}

export interface OrderService {
  serviceType: ServiceType;
  pricing?: ServicePricing;
}

/** The order's fields as stored (defaults applied). */
export interface OrderAttributes {
  orderType: OrderType;
  transportMode?: TransportMode;
  transportType?: TransportType;
  contentType?: ContentType;
  vehicleType?: VehicleType;
  vehicleBody?: VehicleBody;
  uploadType?: UploadType;
  containerType?: ContainerType;
  penType?: PenType;
  shippingType?: ShippingType;
  assignType?: AssignType;
  thirdPartyChannel?: string;
  vehicleQuantity?: number;
  note?: string;
  isSuborder: boolean;
  prevOrderId?: string;
  isDraft: boolean;
  /** Kilometres. */
  distance?: number;
  salesManagerId?: string;
  operationManagerId?: string;
  /** At most 51 characters. */
  receiptNumber?: string;
  sendSmsToSender?: boolean;
  sendSmsToReceiver?: boolean;
  paymentType?: PaymentType;
  paymentMethod?: PaymentMethod;
  dates?: OrderDates;
  pricing?: OrderPricing;
  services: OrderService[];
  routes: Route[];
  customers: OrderCustomer[];
  branches: OrderBranch[];
}

/** The order's fields as a command sends them: defaults may be left out. */
export type OrderAttributesInput = Omit<
  OrderAttributes,
  'isSuborder' | 'isDraft' | 'services' | 'routes' | 'customers' | 'branches'
> & {
  isSuborder?: boolean;
  isDraft?: boolean;
  services?: OrderService[];
  routes?: Route[];
  customers?: (Omit<OrderCustomer, 'hasInvoice'> & { hasInvoice?: boolean })[];
  branches?: (Omit<OrderBranch, 'inBranch'> & { inBranch?: boolean })[];
};

/** A load's fields (spec: `loads[]`, Create Load). Dimensions in cm, weight in kg. */
export interface LoadFields {
  loadType: LoadType;
  /** Unique within the order; what DeliverLoads and NoticeLoads name. */
  loadNo: string;
  height?: number;
  width?: number;
  length?: number;
  weight?: number;
  quantity?: number;
  stackable?: boolean;
  density?: string;
  pricing?: LoadPricing;
}

/** A load as commands carry it: its fields and the id the caller chose (`order_load_id`). */
export interface LoadInput extends LoadFields {
  loadId: string;
}

/** Money that was agreed through an approved offer. */
export interface ApprovedOffer {
  offerId: string;
  price: Kurus;
}
