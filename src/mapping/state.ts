/**
 * Runtime state shared by reading and writing: the findings collected (with a cap per code, so a
 * 5,000-container message with one systematic gap gives a readable list), and on the writing side
 * which document fields were used, so that every field the target cannot carry is reported.
 */
import { makeIssue, type ErrorCode, type Issue, type Location, type Severity } from '../errors/index.js';

export class IssueSink {
  readonly issues: Issue[] = [];
  private readonly counts = new Map<string, number>();
  private readonly maxPerCode: number;

  constructor(maxPerCode = 100) {
    this.maxPerCode = maxPerCode;
  }

  add(code: ErrorCode, text: string, location?: Location, severity?: Severity): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= this.maxPerCode) this.issues.push(makeIssue(code, text, location, severity === undefined ? {} : { severity }));
  }

  push(issue: Issue): void {
    this.issues.push(issue);
  }

  get hasErrors(): boolean {
    return this.issues.some((i) => i.severity === 'error');
  }

  /** The findings, with one line per code that went over the cap saying how many more there were. */
  finish(): Issue[] {
    for (const [code, n] of this.counts) {
      if (n > this.maxPerCode) {
        const first = this.issues.find((i) => i.code === code);
        this.issues.push(makeIssue(code as ErrorCode, `${n - this.maxPerCode} more findings like the ones above are not listed (${n} in all)`, undefined, first ? { severity: first.severity } : {}));
      }
    }
    return this.issues;
  }
}

/** Which keys of which objects (and which indices of which arrays) a writer used. */
export class Consumed {
  private readonly used = new Map<object, Set<string | number>>();

  mark(owner: object, key: string | number): void {
    let set = this.used.get(owner);
    if (!set) {
      set = new Set();
      this.used.set(owner, set);
    }
    set.add(key);
  }

  has(owner: object, key: string | number): boolean {
    return this.used.get(owner)?.has(key) ?? false;
  }

  /**
   * JSON Pointers of the values nobody used, highest level first: an unused object is reported
   * once, not field by field. `skip` names top-level keys that are not message content.
   */
  unused(doc: Record<string, unknown>, skip: ReadonlySet<string>): string[] {
    const out: string[] = [];
    const walk = (value: unknown, ptr: string, top: boolean): void => {
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (item === undefined) return;
          if (!this.has(value, i)) out.push(`${ptr}/${i}`);
          else if (typeof item === 'object' && item !== null) walk(item, `${ptr}/${i}`, false);
        });
        return;
      }
      if (typeof value !== 'object' || value === null) return;
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined || (top && skip.has(k))) continue;
        const p = `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (!this.has(value, k)) out.push(p);
        else if (typeof v === 'object' && v !== null) walk(v, p, false);
      }
    };
    walk(doc, '', true);
    return out;
  }
}
