import { canSend } from '#shared/consent/can-send.ts';
import { contactFromItem, contactKey } from '#shared/contacts/contact.entity.ts';
import { sendMail } from '#shared/mail/mailer.ts';
import { renderOrderConfirmation } from '#shared/mail/order-confirmation.template.ts';
import { sendOnce } from '#shared/mail/send-once.ts';
import { getItem } from '#shared/platform/db/table.ts';
import { logger } from '#shared/platform/logger.ts';
import { findOrder } from './order-sync.service.ts';

export const ORDER_CONFIRMATION = 'order-confirmation';

export type ConfirmationOutcome = 'sent' | 'already-sent' | 'skipped';

/**
 * Mails the order confirmation to the order's contact, in the contact's language, at most once per
 * order: a marker is claimed with a conditional put before SES is called, so a redelivered
 * `order.placed` never mails twice; a failed send releases the marker so the retry can send.
 * Transactional mail needs no marketing consent, but `canSend` is asked: a revoked email consent
 * and a suppressed (hard bounce, complaint) address get no mail.
 */
export const sendOrderConfirmation = async (orderId: string): Promise<ConfirmationOutcome> => {
  const order = await findOrder(orderId);
  if (!order) throw new Error(`Order ${orderId} does not exist.`);
  const contactItem = order.contactId ? await getItem(contactKey(order.contactId)) : undefined;
  const contact = contactItem ? contactFromItem(contactItem) : undefined;
  if (!contact?.email) {
    logger.info('Order confirmation skipped: no contact with an email', {
      orderId,
      contactId: order.contactId,
    });
    return 'skipped';
  }
  // A revoked email consent, a hard bounce or a complaint stop even transactional mail.
  const decision = await canSend({ contact, kind: 'transactional' });
  if (!decision.allowed) {
    logger.info('Order confirmation skipped', { orderId, contactId: contact.id, reason: decision.reason });
    return 'skipped';
  }
  const mail = renderOrderConfirmation({ language: contact.language, recipient: contact, order });
  const outcome = await sendOnce(ORDER_CONFIRMATION, orderId, () => sendMail({ to: contact.email, ...mail }));
  if (!outcome.sent) return 'already-sent';
  logger.info('Order confirmation sent', { orderId, contactId: contact.id, messageId: outcome.value });
  return 'sent';
};
