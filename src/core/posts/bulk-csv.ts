import { CsvError, parse } from 'csv-parse/sync';
import { AppError, validationError } from '../../errors.js';

/** More data rows than this and the whole file is refused (the hosted service's hard cap). */
export const BULK_MAX_ROWS = 5000;
/** Above this many rows the file is still processed, with an advisory warning (as the hosted service does). */
export const BULK_ADVISORY_ROWS = 500;

/** Columns read from a bulk CSV, by their canonical name. */
export const BULK_COLUMNS = [
  'post_content',
  'title',
  'platforms',
  'profiles',
  'account_ids',
  'schedule_time',
  'tz',
  'publish_now',
  'is_draft',
  'use_queue',
  'media_urls',
  'upload_ids',
  'tiktok_privacy',
  'tiktok_settings',
  'allow_duplicate_content',
] as const;

/** A canonical column name. */
export type BulkColumn = (typeof BULK_COLUMNS)[number];

/** The JSON field names of POST /v1/posts accepted in place of a column, used when the column is absent or blank. */
const ALIASES: Record<string, BulkColumn> = {
  content: 'post_content',
  timezone: 'tz',
  scheduledFor: 'schedule_time',
  mediaUrls: 'media_urls',
  accountIds: 'account_ids',
  uploadIds: 'upload_ids',
};

/** Per-platform override columns: `schedule_time_tiktok`, `custom_content_tiktok`, `custom_media_tiktok`. */
export const PLATFORM_PREFIXES = ['schedule_time_', 'custom_content_', 'custom_media_'] as const;

/** One data row of the file. */
export interface BulkCsvRow {
  /** 1-based position among data rows (the header excluded), as the SDK's `rowIndex`. */
  rowIndex: number;
  /** Line of the file the row starts on (a quoted cell may span lines). */
  line: number;
  /** The row's value of a column (canonical name, alias or override column); blank cells read as absent. */
  get(column: string): string | undefined;
}

/** The parsed file: its rows and the columns it has that Outbox does not read. */
export interface BulkCsv {
  rows: BulkCsvRow[];
  unknownColumns: string[];
}

function isKnownColumn(name: string): boolean {
  return (BULK_COLUMNS as readonly string[]).includes(name) || name in ALIASES || PLATFORM_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length);
}

function malformed(line: number, message: string): AppError {
  return new AppError('BULK_CSV_MALFORMED', `Line ${line}: ${message}`, { param: 'file', details: { line } });
}

/** What a csv-parse error means to whoever wrote the file. */
function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed (a " is missing)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted cell is followed by something other than a comma or the end of the line (write "" for a quote inside a quoted cell)';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return 'the row has a different number of cells than the header';
    case 'INVALID_OPENING_QUOTE':
      return 'a " appears inside an unquoted cell (quote the whole cell and write "" for the quote)';
    default:
      return error.message;
  }
}

/**
 * The line a record starts on, from the line csv-parse read up to (`lines`) and the record's raw text: a quoted cell
 * may span lines, and skipped empty lines come before it in `raw`.
 */
function startLine(lines: number, raw: string): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
  return Math.max(1, lines - (body.match(/\n/g)?.length ?? 0));
}

/**
 * Parses a bulk upload CSV: UTF-8 (a byte-order mark is skipped), comma-separated, RFC 4180 quoting, a header row
 * naming the columns, empty lines skipped. A broken file (an unclosed quote, a row with the wrong number of cells,
 * no header) is refused as a whole with BULK_CSV_MALFORMED naming the line; more than BULK_MAX_ROWS data rows with
 * BULK_CSV_TOO_MANY_ROWS.
 */
export function parseBulkCsv(text: string): BulkCsv {
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    // csv-parse counts CR and LF apart in its line numbers, so line breaks become LF first.
    records = parse(text.replace(/\r\n?/g, '\n'), { bom: true, skip_empty_lines: true, info: true, raw: true, relax_column_count: false }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const { lines, raw } = error as unknown as { lines?: unknown; raw?: unknown };
      const end = typeof lines === 'number' ? lines : 1;
      throw malformed(typeof raw === 'string' ? startLine(end, raw) : end, describeCsvError(error));
    }
    throw error;
  }
  const first = records[0];
  if (!first) throw malformed(1, 'the file is empty; the first line must be a header naming the columns (e.g. post_content,platforms,schedule_time)');
  const headerLine = first.info.lines;
  const header = first.record.map((name) => name.trim());
  const seen = new Set<string>();
  for (const [index, name] of header.entries()) {
    if (name === '') throw malformed(headerLine, `header cell ${index + 1} is empty; every column needs a name`);
    if (seen.has(name)) throw malformed(headerLine, `the header names the column "${name}" twice`);
    seen.add(name);
  }
  if (!header.some(isKnownColumn)) {
    throw malformed(headerLine, `the first row is not a header: it names no known column (expected columns such as ${BULK_COLUMNS.slice(0, 4).join(', ')})`);
  }
  const dataRows = records.slice(1);
  if (dataRows.length === 0) throw validationError([{ field: 'file', message: 'must hold at least one data row after the header' }]);
  if (dataRows.length > BULK_MAX_ROWS) {
    throw new AppError('BULK_CSV_TOO_MANY_ROWS', `The file has ${dataRows.length} data rows; at most ${BULK_MAX_ROWS} are accepted in one upload.`, {
      param: 'file',
      details: { limit: BULK_MAX_ROWS, actual: dataRows.length },
    });
  }
  const position = new Map(header.map((name, index) => [name, index]));
  const rows = dataRows.map(({ record, info, raw }, index): BulkCsvRow => {
    const line = startLine(info.lines, raw);
    const cell = (name: string): string | undefined => {
      const at = position.get(name);
      const value = at === undefined ? undefined : record[at]?.trim();
      return value === '' ? undefined : value;
    };
    return {
      rowIndex: index + 1,
      line,
      get(column) {
        const own = cell(column);
        if (own !== undefined) return own;
        const alias = Object.entries(ALIASES).find(([, canonical]) => canonical === column)?.[0];
        return alias === undefined ? undefined : cell(alias);
      },
    };
  });
  return { rows, unknownColumns: header.filter((name) => !isKnownColumn(name)) };
}
