import { randomUUID } from 'node:crypto';
import { posCallbackFields } from '@orders/contracts';
import { isDomainError, parseLira, type Order } from '@orders/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError, notFound } from '../http/errors.ts';
import { isPosSuccess, verifyPosHashV2 } from '../payments/pos-hash.ts';
import type { App, RouteDeps } from './types.ts';

/** The actor recorded on events caused by the virtual POS. */
export const virtualPosActor = 'system:virtual-pos';

const params = z.strictObject({ order_id: z.uuid(), order_payment_id: z.string().min(1).max(100) });

/**
 * 28.6 / 28.7 — the virtual POS callbacks (unauthenticated per the spec). The Paynkolay v2
 * hash is verified before anything is read or changed; a bad hash is a 400 and nothing
 * changes. A success needs RESPONSE_CODE "2" and the payment's amount; a repeated success
 * is idempotent. Then the payer is redirected to the configured success or fail URL.
 */
export function registerPosCallbackRoutes(app: App, deps: RouteDeps): void {
  const handle = (outcome: 'success' | 'fail') => async (request: FastifyRequest, reply: FastifyReply) => {
    const { order_id: orderId, order_payment_id: paymentId } = params.parse(request.params);
    const raw = request.method === 'GET' ? request.query : request.body;
    const parsed = posCallbackFields.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new HttpError(
        400,
        'INVALID_CALLBACK',
        'the callback fields are missing or malformed',
        parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, reason: i.message })),
      );
    }
    const fields = parsed.data;
    if (!verifyPosHashV2(fields, deps.config.POS_MERCHANT_SECRET)) {
      request.log.warn({ orderId, paymentId }, 'virtual POS callback refused: bad hash');
      throw new HttpError(400, 'INVALID_HASH', 'hashDataV2 does not match the callback', [
        { path: 'body.hashDataV2', reason: 'hash mismatch' },
      ]);
    }
    if (deps.config.POS_MERCHANT_NO && fields.MERCHANT_NO !== deps.config.POS_MERCHANT_NO) {
      throw new HttpError(400, 'INVALID_CALLBACK', 'the callback is for another merchant', [
        { path: 'body.MERCHANT_NO', reason: 'unknown merchant' },
      ]);
    }

    const { state } = await deps.orders.load(orderId);
    if (!state.exists || state.deletedAt !== null) throw notFound('order', orderId);
    const order: Order = state;
    const payment = order.payments.find((p) => p.paymentId === paymentId);
    if (!payment) throw notFound('payment', paymentId);

    const succeeded = outcome === 'success' && isPosSuccess(fields);
    const referenceCode =
      fields.REFERENCE_CODE ?? fields.CLIENT_REFERENCE_CODE ?? fields.CLIENT_REFERANCE_CODE ?? '';
    const alreadyRecorded =
      payment.paymentStatus === 'paid' &&
      succeeded &&
      payment.referenceCode === referenceCode &&
      payment.authCode === (fields.AUTH_CODE ?? '');
    if (!alreadyRecorded) {
      const at = new Date().toISOString();
      const context = { orderId, tenantId: order.tenantId, actorId: virtualPosActor, at };
      const amountText = fields.AUTHORIZATION_AMOUNT ?? fields.TRANSACTION_AMOUNT ?? '';
      try {
        await deps.orders.execute({
          orderId,
          tenantId: order.tenantId,
          metadata: {
            actor: virtualPosActor,
            correlationId: request.correlationId,
            causationId: request.id,
            commandId: randomUUID(),
          },
          build: () =>
            succeeded
              ? {
                  type: 'RecordPaymentSuccess',
                  ...context,
                  paymentId,
                  authCode: fields.AUTH_CODE ?? '',
                  referenceCode,
                  amount: parseLira(amountText, { path: 'AUTHORIZATION_AMOUNT' }),
                }
              : {
                  type: 'RecordPaymentFailure',
                  ...context,
                  paymentId,
                  ...(fields.ERROR_CODE ? { errorCode: fields.ERROR_CODE } : {}),
                },
        });
      } catch (error) {
        if (error instanceof HttpError) throw error;
        if (isDomainError(error)) throw new HttpError(422, error.code, error.message);
        throw error;
      }
    }
    const target = new URL(succeeded ? deps.config.POS_SUCCESS_URL : deps.config.POS_FAIL_URL);
    target.searchParams.set('order_id', orderId);
    target.searchParams.set('order_payment_id', paymentId);
    return reply.redirect(target.toString(), 303);
  };

  const base = '/v3/orders/:order_id/payments/:order_payment_id';
  const unauthenticated = { config: { public: true } };
  app.post(`${base}/success`, unauthenticated, handle('success'));
  app.get(`${base}/success`, unauthenticated, handle('success'));
  app.post(`${base}/fail`, unauthenticated, handle('fail'));
}
