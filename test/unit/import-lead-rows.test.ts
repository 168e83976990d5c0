import { describe, expect, it } from 'vitest';
import { mapLeadColumns, normaliseColumnName } from '#local/import/lead-columns.ts';
import { normaliseAmount, parseBudget, toLeadRow } from '#local/import/lead-rows.ts';

describe('header mapping', () => {
  it('maps English and German column names case-insensitively', () => {
    const mapping = mapLeadColumns([
      'E-Mail',
      'VORNAME',
      'Nachname',
      'Unternehmen',
      'Telefon',
      'Land',
      'Nachricht',
      'Quelle',
    ]);

    expect(mapping.fields).toEqual([
      'email',
      'firstName',
      'lastName',
      'company',
      'phone',
      'country',
      'message',
      'source',
    ]);
    expect(mapLeadColumns(['email', 'First Name', 'last_name', 'Company']).fields).toEqual([
      'email',
      'firstName',
      'lastName',
      'company',
    ]);
    expect(normaliseColumnName(' Zuständig ')).toBe('zustaendig');
  });

  it('reports unknown columns and second columns for a field, and ignores both', () => {
    const mapping = mapLeadColumns(['email', 'Lieblingsfarbe', 'Firma', 'Company', '']);

    expect(mapping.fields).toEqual(['email', undefined, 'company', undefined, undefined]);
    expect(mapping.unknown).toEqual(['Lieblingsfarbe']);
    expect(mapping.duplicates).toEqual(['Company']);
  });
});

describe('row validation with the lead schema', () => {
  const mapping = mapLeadColumns([
    'E-Mail',
    'Vorname',
    'Nachname',
    'Firma',
    'Land',
    'Budget',
    'Timing',
    'Egal',
  ]);

  it('turns a row into a lead body: empty cells left out, source import, email normalised', () => {
    const row = toLeadRow(
      [
        ' Joerg.Schaefer@Example.DE ',
        'Jörg',
        'Schäfer',
        'Müller; Söhne GmbH',
        'de',
        '25.000,50 €',
        'This_Quarter',
        'x',
      ],
      mapping,
    );

    expect(row).toEqual({
      ok: true,
      body: {
        email: 'joerg.schaefer@example.de',
        firstName: 'Jörg',
        lastName: 'Schäfer',
        company: 'Müller; Söhne GmbH',
        country: 'DE',
        budget: { amount: '25000.50', currency: 'EUR' },
        timing: 'this_quarter',
        source: 'import',
      },
    });
  });

  it('keeps a source given in the file', () => {
    const row = toLeadRow(['a@example.com', 'event:Hannover Messe'], mapLeadColumns(['email', 'Quelle']));

    expect(row).toMatchObject({ ok: true, body: { source: 'event:Hannover Messe' } });
  });

  it('rejects bad emails, a missing email and bad values with every reason', () => {
    expect(toLeadRow(['kaputt', 'Jörg'], mapping)).toEqual({
      ok: false,
      reasons: ['email: Must be an email address.'],
    });
    expect(toLeadRow(['', 'Jörg'], mapping)).toEqual({ ok: false, reasons: ['email: missing'] });
    const row = toLeadRow(['a@example.com', '', '', '', 'Deutschland', '25000', 'soon'], mapping);
    expect(row.ok).toBe(false);
    expect(!row.ok && row.reasons).toEqual([
      expect.stringMatching(/^budget: Must name a currency/),
      'country: Must be an ISO 3166 country code such as DE.',
      expect.stringMatching(/^timing: /),
    ]);
  });

  it('rejects a row with more fields than the header', () => {
    const row = toLeadRow(['a@example.com', 'A', 'B', 'C', 'DE', '', '', '', 'surplus'], mapping);

    expect(row).toEqual({
      ok: false,
      reasons: ['has 9 fields, the header 8: check the quoting of this row'],
    });
  });
});

describe('budget cells', () => {
  it('reads German and English amounts with a currency code or symbol', () => {
    expect(normaliseAmount('25.000')).toBe('25000');
    expect(normaliseAmount('1,5')).toBe('1.5');
    expect(normaliseAmount('25,000.50')).toBe('25000.50');
    expect(normaliseAmount('25.000,50')).toBe('25000.50');
    expect(parseBudget('EUR 1200')).toEqual({ amount: '1200', currency: 'EUR' });
    expect(parseBudget('£ 99.90')).toEqual({ amount: '99.90', currency: 'GBP' });
    expect(parseBudget('1200')).toMatch(/currency/);
  });
});
