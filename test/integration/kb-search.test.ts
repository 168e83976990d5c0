import { beforeAll, describe, expect, it } from 'vitest';
import { suggestArticles } from '#shared/kb/kb-search.service.ts';
import { invoke } from '../support/invoke.ts';

type Hit = { id: string; title: string; snippet: string; score: number; url: string };

const ARTICLES = [
  {
    title: 'Installationsanleitung: Front Office Box einrichten',
    body: 'Diese Anleitung führt Schritt für Schritt durch die Installation der Box. Schließen Sie das Netzteil an, verbinden Sie das Netzwerkkabel und starten Sie den Einrichtungsassistenten.',
    language: 'de',
    tags: ['installation', 'einrichtung'],
  },
  {
    title: 'Rücksendung und Umtausch',
    body: 'Sie können Artikel innerhalb von 30 Tagen zurücksenden. Drucken Sie das Rücksendeetikett aus und geben Sie die Rücksendung bei der Post ab.',
    language: 'de',
    tags: ['retoure'],
  },
  {
    title: 'Rechnung herunterladen',
    body: 'Ihre Rechnung finden Sie im Kundenkonto. Nach der Installation eines Updates erscheint die Rechnung ebenfalls per E-Mail.',
    language: 'de',
    tags: ['rechnung'],
  },
  {
    title: 'Installation guide for the Front Office Box',
    body: 'Connect the power supply, plug in the network cable and run the setup wizard. The installation takes ten minutes.',
    language: 'en',
    tags: ['installation'],
  },
  {
    title: 'Passwort zurücksetzen',
    body: 'Klicken Sie auf der Anmeldeseite auf „Passwort vergessen“. Sie erhalten eine E-Mail mit einem Link.',
    language: 'de',
    tags: ['konto'],
  },
];

const search = async (q: string, extra = '') => {
  const answer = await invoke('GET', `/v1/public/kb/search?q=${encodeURIComponent(q)}${extra}`, {
    role: null,
  });
  expect(answer.status).toBe(200);
  return answer.json.items as Hit[];
};

describe('knowledge base search', () => {
  const ids = new Map<string, string>();
  let draftId = '';

  beforeAll(async () => {
    for (const article of ARTICLES) {
      const created = await invoke('POST', '/v1/kb/articles', {
        role: 'service',
        body: { ...article, status: 'published' },
      });
      expect(created.status).toBe(201);
      ids.set(article.title, created.json.id);
    }
    const draft = await invoke('POST', '/v1/kb/articles', {
      role: 'service',
      body: { title: 'Geheime Installationsnotizen (Entwurf)', body: 'Interne Notizen zur Installation.' },
    });
    expect(draft.json).toMatchObject({ status: 'draft', slug: 'geheime-installationsnotizen-entwurf' });
    draftId = draft.json.id;
  });

  it('"Installation" returns the installation guide first, with a snippet marking the match', async () => {
    const hits = await search('Installation', '&language=de');
    expect(hits[0]?.title).toBe('Installationsanleitung: Front Office Box einrichten');
    expect(hits[0]?.url).toBe(`/v1/public/kb/articles/${hits[0]?.id}`);
    expect(hits[0]?.snippet).toContain('<mark>Installation</mark>');
    expect(hits.map((hit) => hit.title)).toContain('Rechnung herunterladen');
    const english = await search('installation', '&language=en');
    expect(english.map((hit) => hit.title)).toEqual(['Installation guide for the Front Office Box']);
  });

  it('folds umlauts on both sides: "ruecksendung" finds "Rücksendung"', async () => {
    const hits = await search('ruecksendung');
    expect(hits[0]?.title).toBe('Rücksendung und Umtausch');
    expect(hits[0]?.snippet).toContain('<mark>Rücksendung</mark>');
    expect((await search('Rücksendung'))[0]?.title).toBe('Rücksendung und Umtausch');
  });

  it('finds compounds by their parts and by their beginnings', async () => {
    expect((await search('Sendung'))[0]?.title).toBe('Rücksendung und Umtausch');
    expect((await search('Rücksende'))[0]?.title).toBe('Rücksendung und Umtausch');
    expect((await search('Anleitung'))[0]?.title).toBe('Installationsanleitung: Front Office Box einrichten');
    expect((await search('Passwörter zurücksetzen'))[0]?.title).toBe('Passwort zurücksetzen');
  });

  it('never shows drafts publicly; publishing and withdrawing move the index at once', async () => {
    expect((await search('Installationsnotizen')).map((hit) => hit.id)).not.toContain(draftId);
    expect((await invoke('GET', `/v1/public/kb/articles/${draftId}`, { role: null })).status).toBe(404);

    const published = await invoke('PATCH', `/v1/kb/articles/${draftId}`, {
      role: 'service',
      body: { status: 'published' },
      headers: { 'if-match': '1' },
    });
    expect(published.status).toBe(200);
    expect(published.json.publishedAt).not.toBeNull();
    expect((await search('Installationsnotizen')).map((hit) => hit.id)).toContain(draftId);

    await invoke('PATCH', `/v1/kb/articles/${draftId}`, { role: 'admin', body: { status: 'draft' } });
    expect((await search('Installationsnotizen')).map((hit) => hit.id)).not.toContain(draftId);
    const listed = await invoke('GET', '/v1/kb/articles?status=draft', { role: 'analyst' });
    expect(listed.json.items.map((a: { id: string }) => a.id)).toEqual([draftId]);
  });

  it('reads a published article publicly and refuses writes by other roles', async () => {
    const id = ids.get('Passwort zurücksetzen') as string;
    const read = await invoke('GET', `/v1/public/kb/articles/${id}`, { role: null });
    expect(read.status).toBe(200);
    expect(read.json).not.toHaveProperty('updatedBy');
    expect((await invoke('POST', '/v1/kb/articles', { role: 'sales', body: ARTICLES[0] })).status).toBe(403);
    expect((await invoke('GET', '/v1/kb/articles', { role: null })).status).toBe(401);
  });

  it('suggests articles for a ticket text, for the ticket service and for agents', async () => {
    const suggestions = await suggestArticles('Wie funktioniert die Rücksendung meiner Bestellung?', 'de', 3);
    expect(suggestions[0]?.title).toBe('Rücksendung und Umtausch');
    const answer = await invoke(
      'GET',
      `/v1/kb/suggestions?text=${encodeURIComponent('Passwort vergessen')}`,
      {
        role: 'service',
      },
    );
    expect(answer.json.items[0]?.title).toBe('Passwort zurücksetzen');
    expect(await suggestArticles('und oder der', 'de')).toEqual([]);
  });
});
