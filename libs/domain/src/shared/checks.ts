import { addDays, isCalendarDate, type CalendarDate } from './dates';
import { ValidationError, type FieldProblem } from './errors';

/** Every id Pairtrail makes is a UUID. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Control characters but the whitespace ones: tab, line feed, carriage return, and the vertical tab and
 * form feed that text pasted from a word processor can hold for its line and page breaks.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F]/;
/** Half of a UTF-16 surrogate pair: with the u flag, a whole pair is one code point and does not match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The problems of a list's items listed one by one; the rest are counted. */
const ITEM_PROBLEMS = 10;

/**
 * Collects every problem with a command's fields, then throws them together, so a caller learns about
 * all its mistakes at once. Each method returns the value it checked, narrowed, for fluent use.
 */
export class Checks {
  private readonly problems: FieldProblem[] = [];

  /** @param today the programme's current date; a happened-on date may be at most one day later. */
  constructor(private readonly today: CalendarDate) {}

  fail(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /**
   * A non-empty string of at most `max` characters; with `oneLine`, with no line break (a name, a title);
   * with `empty`, possibly empty (a meeting's notes). Control characters and broken characters (half of a
   * UTF-16 pair, which encrypting would turn into U+FFFD) are refused: they are never meant, and would be
   * stored as something other than what was sent.
   */
  text(field: string, value: unknown, options: { optional?: boolean; max?: number; oneLine?: boolean; empty?: boolean } = {}): void {
    if (value === undefined && options.optional) return;
    if (typeof value !== 'string' || (!options.empty && value.trim() === '')) {
      this.fail(field, options.empty ? 'must be a string' : 'must be a non-empty string');
    } else if (value.length > (options.max ?? 10_000)) {
      this.fail(field, `must be at most ${options.max ?? 10_000} characters`);
    } else if (options.oneLine && /[\r\n]/.test(value)) {
      this.fail(field, 'must be one line');
    } else if (CONTROL.test(value)) {
      this.fail(field, 'must not hold control characters (such as NUL or ESC); of them, only tabs and line and page breaks are taken');
    } else if (LONE_SURROGATE.test(value)) {
      this.fail(field, 'holds a broken character (half of a UTF-16 pair); send the text as it was typed');
    }
  }

  /** A calendar date that is real; with `happened`, also no later than tomorrow. */
  date(field: string, value: unknown, options: { optional?: boolean; happened?: boolean } = {}): void {
    if (value === undefined && options.optional) return;
    if (!isCalendarDate(value)) {
      this.fail(field, 'must be a real calendar date, YYYY-MM-DD');
    } else if (options.happened && value > addDays(this.today, 1)) {
      this.fail(field, `must be no later than tomorrow (${addDays(this.today, 1)})`);
    }
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], options: { optional?: boolean } = {}): void {
    if (value === undefined && options.optional) return;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, `must be one of ${allowed.join(', ')}`);
    }
  }

  integer(field: string, value: unknown, min: number, max: number): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `must be a whole number from ${min} to ${max}`);
    }
  }

  number(field: string, value: unknown, options: { optional?: boolean } = {}): void {
    if (value === undefined && options.optional) return;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, 'must be a number');
  }

  boolean(field: string, value: unknown): void {
    if (typeof value !== 'boolean') this.fail(field, 'must be true or false');
  }

  /**
   * A list whose items each pass `item`; `min` items at least. The problems of its first few bad items
   * are listed, then a count of the rest: a list of thousands of bad items would otherwise answer with
   * thousands of lines saying the same.
   */
  list(field: string, value: unknown, item: (field: string, value: unknown) => void, min = 0): void {
    if (!Array.isArray(value)) {
      this.fail(field, 'must be a list');
      return;
    }
    if (value.length < min) this.fail(field, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    const before = this.problems.length;
    value.forEach((v, i) => item(`${field}[${i}]`, v));
    const ofItems = this.problems.splice(before);
    this.problems.push(...ofItems.slice(0, ITEM_PROBLEMS));
    if (ofItems.length > ITEM_PROBLEMS) this.fail(field, `has ${ofItems.length - ITEM_PROBLEMS} more problems in its items than the ${ITEM_PROBLEMS} listed`);
  }

  /** The problems found so far, for a caller that merges them with its own. */
  found(): readonly FieldProblem[] {
    return this.problems;
  }

  /** Throws a ValidationError naming every field that failed, if any did. */
  done(): void {
    if (this.problems.length > 0) throw new ValidationError(this.problems);
  }
}
