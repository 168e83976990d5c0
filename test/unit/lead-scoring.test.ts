import { describe, expect, it } from 'vitest';
import { matchingRule } from '#shared/leads/lead.assignment.ts';
import { companyDomainOf } from '#shared/leads/lead.enrichment.ts';
import type { Lead } from '#shared/leads/lead.schema.ts';
import {
  behaviourChange,
  crossesThreshold,
  profileChanges,
  profilePointsOf,
} from '#shared/leads/lead.scoring.ts';
import { leadAssignmentSchema, leadScoringSchema, leadScoringSetting } from '#shared/leads/lead.settings.ts';

const scoring = leadScoringSetting.defaults;

const lead = (overrides: Partial<Lead> = {}): Lead => ({
  id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  email: 'a@example.org',
  source: 'api',
  status: 'new',
  score: 0,
  profilePoints: {},
  dailyPoints: {},
  submissions: 1,
  ...overrides,
});

describe('lead scoring rules', () => {
  it('validates its own defaults and refuses duplicate rule ids', () => {
    expect(leadScoringSchema.safeParse(scoring).success).toBe(true);
    const duplicate = { ...scoring, behaviour: [...scoring.behaviour, scoring.behaviour[0]] };
    expect(leadScoringSchema.safeParse(duplicate).success).toBe(false);
  });

  it('gives profile points for given fields and DACH countries, case-insensitively', () => {
    const points = profilePointsOf(lead({ company: 'ACME', country: 'ch', timing: 'this_quarter' }), scoring);
    expect(points).toEqual({ 'has-company': 10, 'country-dach': 10, 'timing-soon': 10 });
    expect(profilePointsOf(lead({ company: '  ', country: 'US' }), scoring)).toEqual({});
  });

  it('turns a change of matching profile rules into signed score changes', () => {
    expect(
      profileChanges({ 'has-company': 10, 'has-phone': 5 }, { 'has-company': 10, 'country-dach': 10 }),
    ).toEqual([
      { rule: 'country-dach', points: 10, reason: 'profile: country-dach matches' },
      { rule: 'has-phone', points: -5, reason: 'profile: has-phone no longer matches' },
    ]);
  });

  it('prefers the pricing-page rule for page views and caps page views per day', () => {
    const at = '2026-03-02T10:00:00.000Z';
    const pricing = behaviourChange(
      { type: 'page_view', url: 'https://x.de/Preise', occurredAt: at },
      {},
      scoring,
    );
    expect(pricing.change).toMatchObject({ rule: 'pricing-page', points: 5 });
    const capped = behaviourChange(
      { type: 'page_view', occurredAt: at },
      { '2026-03-02#page-view': 4 },
      scoring,
    );
    expect(capped.change?.points).toBe(1);
    expect(capped.dailyPoints['2026-03-02#page-view']).toBe(5);
    expect(
      behaviourChange({ type: 'page_view', occurredAt: at }, capped.dailyPoints, scoring).change,
    ).toBeUndefined();
    const nextDay = behaviourChange(
      { type: 'page_view', occurredAt: '2026-03-03T08:00:00.000Z' },
      capped.dailyPoints,
      scoring,
    );
    expect(nextDay.change?.points).toBe(1);
  });

  it('drops daily tallies older than a week', () => {
    const old = { '2026-01-01#page-view': 5 };
    const result = behaviourChange(
      { type: 'email_click', occurredAt: '2026-03-02T10:00:00.000Z' },
      old,
      scoring,
    );
    expect(result.dailyPoints).toEqual({ '2026-03-02#email-click': 3 });
  });

  it('qualifies only open leads that were never qualified', () => {
    expect(crossesThreshold(lead(), 50, scoring)).toBe(true);
    expect(crossesThreshold(lead(), 49, scoring)).toBe(false);
    expect(crossesThreshold(lead({ qualifiedAt: '2026-01-01T00:00:00.000Z' }), 80, scoring)).toBe(false);
    expect(crossesThreshold(lead({ status: 'disqualified' }), 80, scoring)).toBe(false);
  });
});

describe('lead enrichment and assignment rules', () => {
  it('matches company domains but ignores free-mail providers', () => {
    expect(companyDomainOf('anna@mueller-maschinenbau.de')).toBe('mueller-maschinenbau.de');
    for (const email of [
      'a@gmail.com',
      'b@web.de',
      'c@gmx.de',
      'd@t-online.de',
      'e@outlook.com',
      'f@yahoo.com',
    ]) {
      expect(companyDomainOf(email)).toBeUndefined();
    }
  });

  it('takes the first rule whose criteria all match; a rule without criteria matches everyone', () => {
    const settings = leadAssignmentSchema.parse({
      rules: [
        {
          id: 'dach-enterprise',
          match: { countries: ['de', 'AT'], teams: ['enterprise'] },
          owners: [{ ownerId: 'a', capacity: 1 }],
        },
        { id: 'dach', match: { countries: ['DE', 'AT', 'CH'] }, owners: [{ ownerId: 'b', capacity: 1 }] },
        { id: 'rest', owners: [{ ownerId: 'c', capacity: 1 }] },
      ],
    });
    expect(matchingRule(lead({ country: 'DE', team: 'Enterprise' }), settings)?.id).toBe('dach-enterprise');
    expect(matchingRule(lead({ country: 'CH', team: 'enterprise' }), settings)?.id).toBe('dach');
    expect(matchingRule(lead({ country: 'FR' }), settings)?.id).toBe('rest');
    expect(matchingRule(lead(), { rules: [] })).toBeUndefined();
  });
});
