import { describe, expect, it } from 'vitest';
import { domainSchema } from '#shared/accounts/account.schema.ts';
import { emailSchema } from '#shared/contacts/contact.schema.ts';
import { foldText } from '#shared/platform/db/keys.ts';
import { principalOf } from '#shared/platform/http/principal.ts';
import { parseIfMatch } from '#shared/platform/http/request.ts';

describe('text folding for German and English names', () => {
  it('lets umlauts and their transliterations meet', () => {
    expect(foldText('Müller')).toBe(foldText('Mueller'));
    expect(foldText('  Weiß ')).toBe('weiss');
    expect(foldText('Ærø Café')).toBe('ærø cafe');
    expect(foldText('SCHÄFER')).toBe('schaefer');
  });
});

describe('natural keys', () => {
  it('normalises emails and domains the way users type them', () => {
    expect(emailSchema.parse('  Anna.Schmidt@Beispiel.DE ')).toBe('anna.schmidt@beispiel.de');
    expect(domainSchema.parse('https://www.Mueller-Maschinenbau.de/kontakt')).toBe('mueller-maschinenbau.de');
    expect(domainSchema.safeParse('not a domain').success).toBe(false);
  });
});

describe('request headers and claims', () => {
  it('reads If-Match in the forms clients send', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"3"')).toBe(3);
    expect(parseIfMatch('*')).toBeUndefined();
    expect(() => parseIfMatch('"abc"')).toThrow();
  });

  it('reads cognito:groups as HTTP API passes it and as an array', () => {
    const event = (groups: unknown) =>
      ({
        requestContext: { authorizer: { jwt: { claims: { sub: 'u1', 'cognito:groups': groups } } } },
      }) as never;
    expect(principalOf(event('[admin sales]'))?.roles).toEqual(['admin', 'sales']);
    expect(principalOf(event(['service']))?.roles).toEqual(['service']);
    expect(principalOf(event('[unknown]'))?.roles).toEqual([]);
    expect(principalOf({ requestContext: {} } as never)).toBeUndefined();
  });
});
