/**
 * German public holidays observed nationwide (bundeseinheitlich), computed: fixed dates plus the
 * movable feasts around Easter (Gregorian computus). Regional holidays (e.g. Fronleichnam,
 * Reformationstag) differ per state; an admin adds them to the `sla-policies` setting.
 */
const easterSunday = (year: number): Date => {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
};

const iso = (date: Date): string => date.toISOString().slice(0, 10);
const plusDays = (date: Date, days: number): Date => new Date(date.getTime() + days * 86_400_000);

/** The nine nationwide German public holidays of a year, `YYYY-MM-DD`, in date order. */
export const germanPublicHolidays = (year: number): string[] => {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number) => iso(new Date(Date.UTC(year, month - 1, day)));
  return [
    fixed(1, 1), // Neujahr
    iso(plusDays(easter, -2)), // Karfreitag
    iso(plusDays(easter, 1)), // Ostermontag
    fixed(5, 1), // Tag der Arbeit
    iso(plusDays(easter, 39)), // Christi Himmelfahrt
    iso(plusDays(easter, 50)), // Pfingstmontag
    fixed(10, 3), // Tag der Deutschen Einheit
    fixed(12, 25), // 1. Weihnachtstag
    fixed(12, 26), // 2. Weihnachtstag
  ].sort();
};
