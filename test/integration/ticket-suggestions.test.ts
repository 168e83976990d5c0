import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke.ts';

describe('article suggestions for a ticket', () => {
  it('suggests the published articles that match the ticket, in its language', async () => {
    for (const article of [
      {
        title: 'Installationsanleitung Vibrationssensor VS-100',
        body: 'Schritt für Schritt: Montage, Verkabelung und Inbetriebnahme des Sensors.',
        language: 'de',
      },
      { title: 'Rücksendung und Umtausch', body: 'So senden Sie ein defektes Gerät zurück.', language: 'de' },
      { title: 'Installing the VS-100 sensor', body: 'Mounting, wiring and first start.', language: 'en' },
    ]) {
      const created = await invoke('POST', '/v1/kb/articles', {
        role: 'service',
        body: { ...article, status: 'published' },
      });
      expect(created.status).toBe(201);
    }
    const ticket = await invoke('POST', '/v1/tickets', {
      body: {
        subject: 'Frage zur Installation des Sensors',
        description: 'Wie verkabele ich den VS-100?',
        email: `kunde.${Date.now()}@beispiel.de`,
      },
      role: 'service',
    });
    expect(ticket.status).toBe(201);

    const suggestions = await invoke('GET', `/v1/tickets/${ticket.json.id}/suggestions`, { role: 'service' });
    expect(suggestions.status).toBe(200);
    expect(suggestions.json.items[0].title).toBe('Installationsanleitung Vibrationssensor VS-100');
    expect(suggestions.json.items.map((hit: { language: string }) => hit.language)).not.toContain('en');
  });
});
