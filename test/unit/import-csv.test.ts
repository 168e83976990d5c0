import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '#local/config.ts';
import { type CsvRecord, detectDelimiter, inspectCsvFile, readCsvRecords } from '#local/import/csv-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'fo-import-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
const fileWith = (content: string | Buffer): string => {
  const path = join(dir, `file-${++count}.csv`);
  writeFileSync(path, content);
  return path;
};

const recordsOf = async (path: string): Promise<CsvRecord[]> => {
  const facts = await inspectCsvFile(path);
  const records: CsvRecord[] = [];
  for await (const record of readCsvRecords(path, facts)) records.push(record);
  return records;
};

describe('delimiter detection from the header line', () => {
  it('picks the delimiter that occurs most often outside quotes', () => {
    expect(detectDelimiter('email,firstName,lastName')).toBe(',');
    expect(detectDelimiter('E-Mail;Vorname;Nachname')).toBe(';');
    expect(detectDelimiter('"Firma, GmbH";E-Mail')).toBe(';');
    expect(detectDelimiter('email\tname')).toBe('\t');
    expect(detectDelimiter('email')).toBe(',');
  });
});

describe('reading CSV files', () => {
  it('reads a German Excel file: BOM, semicolons, umlauts, quoted newlines and quotes, CRLF', async () => {
    // Prepare
    const path = fileWith(
      '\uFEFFE-Mail;Vorname;Firma;Nachricht\r\n' +
        'jörg@example.de;Jörg;"Müller; Söhne GmbH";"Zeile eins\r\nZeile ""zwei"""\r\n' +
        '\r\n' +
        'ärger@example.de;Änne;Groß AG;\r\n',
    );

    // Act
    const facts = await inspectCsvFile(path);
    const records = await recordsOf(path);

    // Assess
    expect(facts).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ';' });
    expect(facts.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(records).toEqual([
      { line: 1, values: ['E-Mail', 'Vorname', 'Firma', 'Nachricht'] },
      {
        line: 2,
        values: ['jörg@example.de', 'Jörg', 'Müller; Söhne GmbH', 'Zeile eins\r\nZeile "zwei"'],
      },
      { line: 4, values: [''] },
      { line: 5, values: ['ärger@example.de', 'Änne', 'Groß AG', ''] },
    ]);
  });

  it('reads comma files with LF line ends and no BOM', async () => {
    const path = fileWith('email,company\nann@example.com,"Acme, Inc."\nbob@example.com,Globex\n');

    expect(await inspectCsvFile(path)).toMatchObject({ bom: false, delimiter: ',' });
    expect((await recordsOf(path)).map((record) => [record.line, record.values[1]])).toEqual([
      [1, 'company'],
      [2, 'Acme, Inc.'],
      [3, 'Globex'],
    ]);
  });

  it('reads windows-1252 files (Excel\'s plain "CSV") when the bytes are not UTF-8', async () => {
    const path = fileWith(Buffer.from('E-Mail;Nachname\r\nm@example.de;M\xfcller\r\n', 'latin1'));

    expect((await inspectCsvFile(path)).encoding).toBe('windows-1252');
    expect((await recordsOf(path))[1]?.values).toEqual(['m@example.de', 'Müller']);
  });

  it('names the line of an unterminated quote', async () => {
    const path = fileWith('email,message\na@example.com,fine\nb@example.com,"never closed\n');

    await expect(recordsOf(path)).rejects.toThrow(/line \d+ is not valid CSV/);
  });

  it('says what is wrong with a missing, empty or directory path', async () => {
    await expect(inspectCsvFile(join(dir, 'missing.csv'))).rejects.toThrow(
      new UserFacingError(`${join(dir, 'missing.csv')} does not exist: give the path of a CSV file.`),
    );
    await expect(inspectCsvFile(fileWith(''))).rejects.toThrow(/is empty/);
    await expect(inspectCsvFile(dir)).rejects.toThrow(/is a directory/);
  });
});
