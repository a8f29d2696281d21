import type { CreateOrderBody } from '../contract.ts';

let orderCounter = 0;

/** The documentation's example order, with an unregistered pickup point so no registration is needed. */
export function exampleOrder(overrides: Partial<CreateOrderBody> = {}): CreateOrderBody {
  return {
    pickupPoint: {
      name: 'Merkez Şube',
      address: 'Esentepe Mahallesi, Büyükdere Caddesi, Şişli, İstanbul',
      location: { longitude: 29.0106, latitude: 41.0766 },
      phone: '05323456789',
    },
    receiverName: 'Müşteri Adı Soyadı',
    receiverAddress: 'Gülbahar Mahallesi, Şahinler sokak, Şişli, İstanbul',
    receiverAddressDetail: 'Yazılım Apartmanı',
    receiverLocation: { lon: 29.0, lat: 41.07 },
    receiverPhone: '05550000000',
    courierType: 'motorCourier',
    orderType: 'delivery',
    orderNumber: `ON-${process.pid}-${(orderCounter += 1)}`,
    note: 'Çatal Bıçak İstemiyorum',
    paymentType: 'cash',
    paymentMethod: 'online',
    price: '12.00',
    dontRingTheBell: true,
    barcode: '',
    receiptNumber: 'FİŞNO123',
    platform: 'trendyol',
    products: [
      { productName: 'Kola', ingredients: 'şekersiz', amount: 0, return: false, price: '12.00', desi: 0.001 },
    ],
    ...overrides,
  };
}
