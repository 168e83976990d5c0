import type { Order, OrderStatus } from '#shared/orders/order.schema.ts';
import type { ChatLanguage } from './chat.schema.ts';

/** Every sentence the bot says, in German and English. */
const STATUS: Record<ChatLanguage, Record<OrderStatus, string>> = {
  de: {
    placed: 'ist bei uns eingegangen und wird bearbeitet',
    synced: 'ist an unser Lager übergeben und wird für den Versand vorbereitet',
    invoiced: 'ist versandt und in Rechnung gestellt',
    cancelled: 'wurde storniert',
  },
  en: {
    placed: 'has been received and is being processed',
    synced: 'has been passed to our warehouse and is being prepared for shipping',
    invoiced: 'has been shipped and invoiced',
    cancelled: 'has been cancelled',
  },
};

const date = (iso: string, language: ChatLanguage): string =>
  new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));

export const replies = {
  greeting: {
    de: 'Hallo! Ich kann den Status Ihrer Bestellung nachsehen, Fragen aus unserer Wissensdatenbank beantworten oder Sie mit einem Mitarbeiter verbinden. Wie kann ich helfen?',
    en: 'Hello! I can look up the status of your order, answer questions from our knowledge base or connect you with a member of our team. How can I help?',
  },
  thanks: {
    de: 'Gern geschehen! Kann ich sonst noch etwas für Sie tun?',
    en: "You're welcome! Is there anything else I can do for you?",
  },
  askOrderNumber: {
    de: 'Gern sehe ich nach. Wie lautet Ihre Bestellnummer? Sie steht in Ihrer Bestellbestätigung.',
    en: 'I can look that up. What is your order number? You will find it in your order confirmation.',
  },
  askEmail: {
    de: 'Danke. Mit welcher E-Mail-Adresse haben Sie bestellt?',
    en: 'Thank you. Which email address did you order with?',
  },
  /** One answer for an unknown order, a wrong email and a malformed number: it reveals nothing. */
  orderNotFound: {
    de: 'Zu diesen Angaben kann ich leider keine Bestellung finden. Bitte prüfen Sie die Bestellnummer und die E-Mail-Adresse, oder schreiben Sie „Mitarbeiter“, dann hilft Ihnen unser Team weiter.',
    en: 'I cannot find an order for these details. Please check the order number and the email address, or write "agent" and our team will help you.',
  },
  orderChecksExhausted: {
    de: 'Ich kann in diesem Gespräch keine weiteren Bestellungen prüfen. Schreiben Sie „Mitarbeiter“, dann hilft Ihnen unser Team weiter.',
    en: 'I cannot check further orders in this conversation. Write "agent" and our team will help you.',
  },
  orderStatus: (order: Pick<Order, 'id' | 'status' | 'placedAt'>, language: ChatLanguage): string =>
    language === 'de'
      ? `Ihre Bestellung ${order.id} vom ${date(order.placedAt, language)} ${STATUS.de[order.status]}.`
      : `Your order ${order.id} of ${date(order.placedAt, language)} ${STATUS.en[order.status]}.`,
  article: (title: string, language: ChatLanguage): string =>
    language === 'de'
      ? `Dazu habe ich diesen Artikel gefunden: „${title}“. Hilft Ihnen das weiter?`
      : `I found this article: "${title}". Does that help?`,
  notUnderstood: {
    de: 'Das habe ich leider nicht verstanden. Fragen Sie mich nach dem Status Ihrer Bestellung oder beschreiben Sie Ihr Anliegen mit anderen Worten; mit „Mitarbeiter“ verbinde ich Sie mit unserem Team.',
    en: 'Sorry, I did not understand that. Ask me about the status of your order or describe your question in other words; write "agent" to reach our team.',
  },
  askHandoverEmail: {
    de: 'Ich verbinde Sie gern mit unserem Team. Unter welcher E-Mail-Adresse können wir Sie erreichen?',
    en: 'I will connect you with our team. At which email address can we reach you?',
  },
  handedOver: (number: string, language: ChatLanguage): string =>
    language === 'de'
      ? `Ich habe Ihr Anliegen an unser Team übergeben: Ticket ${number}. Sie erhalten eine Antwort per E-Mail.`
      : `I have passed your request to our team: ticket ${number}. You will receive an answer by email.`,
  addedToTicket: (number: string, language: ChatLanguage): string =>
    language === 'de'
      ? `Ich habe Ihre Nachricht zu Ticket ${number} hinzugefügt; unser Team meldet sich per E-Mail.`
      : `I have added your message to ticket ${number}; our team will get back to you by email.`,
};
