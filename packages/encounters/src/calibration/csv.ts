/**
 * Google's calibration CSV. The RFC 4180 reader is hand-written (about 40 lines) instead of a CSV library to keep
 * the browser bundle small; it is fuzzed in the tests.
 */
import { EncountersError } from '../errors';
import { type CalibrationRow, CalibrationTable } from './table';

/**
 * Splits RFC 4180 CSV text into rows of fields (quoted fields, doubled quotes, CRLF or LF line ends).
 *
 * @param text - the CSV text.
 * @returns the rows (empty lines skipped).
 * @throws EncountersError `calibration/bad-csv` for an unterminated quoted field or a stray quote.
 * @example
 * ```ts
 * parseCsvRows('a,"b,c"\n'); // [['a', 'b,c']]
 * ```
 */
export function parseCsvRows(text: string): string[][] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quotedField = false;
  const endField = (): void => {
    row.push(field);
    field = '';
    quotedField = false;
  };
  const endRow = (): void => {
    const wasQuoted = quotedField;
    endField();
    if (!(row.length === 1 && row[0] === '' && !wasQuoted)) rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"' && field === '' && !quotedField) {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new EncountersError('calibration/bad-csv', `unterminated quoted field starting at offset ${i}`);
        if (text[q + 1] === '"') {
          field += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        field += text.slice(j, q);
        i = q + 1;
        break;
      }
      quotedField = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new EncountersError('calibration/bad-csv', `unexpected character after a quoted field at offset ${i}`);
      }
      continue;
    }
    if (c === '"') throw new EncountersError('calibration/bad-csv', `stray quote at offset ${i}`);
    if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c === '\r') {
      if (text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0 || quotedField) endRow();
  return rows;
}

const COLUMNS = ['manufacturer', 'device', 'model', 'rssi_correction', 'tx', 'calibration_confidence'] as const;

/**
 * Parses a calibration CSV. With a header row, columns are found by name (`manufacturer, device, model,
 * rssi_correction, tx, calibration_confidence`; `confidence` is accepted too), in any order; without one, that
 * order is assumed. Confidence may be a number 0..3 or a name (LOWEST, LOW, MEDIUM, HIGH).
 *
 * @param text - the CSV text.
 * @returns the rows.
 * @throws EncountersError `calibration/bad-csv` for malformed CSV, missing columns or non-numeric values.
 * @example
 * ```ts
 * const table = new CalibrationTable(parseCalibrationCsv(readFileSync('en-calibration-2020-09-30.csv', 'utf8')));
 * ```
 */
export function parseCalibrationCsv(text: string): CalibrationRow[] {
  const rows = parseCsvRows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (rows.length === 0) throw new EncountersError('calibration/bad-csv', 'the CSV is empty');
  const first = (rows[0] as string[]).map((h) => h.trim().toLowerCase());
  const hasHeader = first.includes('manufacturer') || first.includes('rssi_correction');
  const index = COLUMNS.map((name, i) => {
    if (!hasHeader) return i;
    const at = first.indexOf(name === 'calibration_confidence' && !first.includes(name) ? 'confidence' : name);
    if (at < 0) throw new EncountersError('calibration/bad-csv', `the header has no "${name}" column`);
    return at;
  });
  const out: CalibrationRow[] = [];
  rows.slice(hasHeader ? 1 : 0).forEach((fields, r) => {
    const line = r + (hasHeader ? 2 : 1);
    const get = (c: number): string => (fields[index[c] as number] ?? '').trim();
    const num = (c: number): number => {
      const v = get(c);
      const n = v === '' ? Number.NaN : Number(v);
      if (!Number.isFinite(n)) throw new EncountersError('calibration/bad-csv', `row ${line}: ${COLUMNS[c]} "${v}" is not a number`);
      return n;
    };
    const conf = get(5).toUpperCase();
    const named = ['LOWEST', 'LOW', 'MEDIUM', 'HIGH'].indexOf(conf);
    const confidence = named >= 0 ? named : num(5);
    if (!Number.isInteger(confidence) || confidence < 0 || confidence > 3) {
      throw new EncountersError('calibration/bad-csv', `row ${line}: calibration_confidence must be 0..3`);
    }
    out.push({ manufacturer: get(0), device: get(1), model: get(2), rssiCorrection: num(3), tx: num(4), confidence });
  });
  return out;
}

/**
 * Loads a calibration CSV into a {@link CalibrationTable}.
 *
 * @param text - the CSV text.
 * @returns the table.
 * @throws EncountersError `calibration/bad-csv` for malformed input or a CSV without rows.
 * @example
 * ```ts
 * const table = loadCalibrationCsv(csvText);
 * ```
 */
export function loadCalibrationCsv(text: string): CalibrationTable {
  const rows = parseCalibrationCsv(text);
  if (rows.length === 0) throw new EncountersError('calibration/bad-csv', 'the CSV has no data rows');
  return new CalibrationTable(rows);
}
