/**
 * Format adapters: how a syntax turns bytes into canonical documents and back. Conversions go
 * through the canonical document, so any registered format converts to any other. EDIFACT and JSON
 * are here; the China customs XML adapter (src/mapping/xml/) registers in `defaultFormats`.
 */
import { validateDocument } from '../catalogue/documents/index.js';
import { makeIssue, type Issue } from '../errors/index.js';
import type { PartyInput } from '../syntax/edifact/index.js';
import { readEdifact, writeEdifact } from './edifact/adapter.js';
import { isObj, type Obj } from './paths.js';
import type { MappingRegistry } from './registry.js';
import { createXmlAdapter } from './xml/format.js';

export type FormatName = 'edifact' | 'xml' | 'json';

export interface ConvertedDocument {
  readonly document: Obj;
  /** Findings about this document (mapping warnings, values left out). */
  readonly issues: readonly Issue[];
  /** Where it came from, for messages: `CODECO D95B message 1 (ref 1)`. */
  readonly label: string;
}

export interface FormatReadOptions {
  /** The partner's time zone for date/times without offset (default Asia/Shanghai). */
  readonly timeZone?: string;
  /** Partner-level character set replacing the declared one (GB18030). */
  readonly charset?: 'GB18030';
  /** Only documents of this type (EDIFACT: only the mappings to it). */
  readonly documentType?: string;
}

export interface FormatReadResult {
  readonly documents: readonly ConvertedDocument[];
  /** Findings about the input as a whole (syntax, envelope, messages no mapping converts). */
  readonly issues: readonly Issue[];
  /** Envelope values a writer of the same format may reuse (EDIFACT: syntax, sender, recipient). */
  readonly envelope?: Readonly<Record<string, unknown>>;
}

export interface FormatWriteOptions {
  /** Message type to write: CODECO, IFTMIN, MT1101 … */
  readonly message?: string;
  /** EDIFACT directory (D95B) or customs message version. */
  readonly version?: string;
  readonly timeZone?: string;
  /** EDIFACT syntax identifier (UNOW, UNOY, UNOC …). */
  readonly syntaxId?: string;
  /** Partner-level character set replacing the identifier's (GB18030). */
  readonly partnerCharset?: 'GB18030';
  readonly syntaxVersion?: number;
  readonly sender?: PartyInput;
  readonly recipient?: PartyInput;
  readonly controlRef?: string;
}

export interface FormatWriteResult {
  /** Undefined when an error prevented writing. */
  readonly output: Buffer | undefined;
  readonly issues: readonly Issue[];
}

export interface FormatAdapter {
  readonly format: FormatName;
  readonly mediaType: string;
  /** Whether the bytes look like this format (its first non-blank characters). */
  sniff(input: Buffer): boolean;
  read(input: Buffer, options: FormatReadOptions): FormatReadResult;
  write(documents: readonly Obj[], options: FormatWriteOptions): FormatWriteResult;
}

/** The first non-blank characters, after a UTF-8 byte order mark. */
function head(input: Buffer): string {
  let i = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
  while (i < input.length && (input[i] === 0x20 || input[i] === 0x0a || input[i] === 0x0d || input[i] === 0x09)) i++;
  return input.toString('latin1', i, i + 3);
}

export function createEdifactAdapter(mappings: MappingRegistry): FormatAdapter {
  return {
    format: 'edifact',
    mediaType: 'application/EDIFACT',
    sniff: (input) => ['UNA', 'UNB', 'UNH'].includes(head(input)),
    read(input, options) {
      const r = readEdifact(input, mappings, options);
      return {
        documents: r.documents.map((d) => ({ document: d.document, issues: d.issues, label: `${d.source.messageType} ${d.source.directory} message ${d.source.messageIndex} (ref ${d.source.messageRef})` })),
        issues: r.issues,
        envelope: { syntaxId: r.syntax.id, syntaxVersion: r.syntax.version, sender: r.header?.sender, recipient: r.header?.recipient, charset: options.charset },
      };
    },
    write(documents, options) {
      return writeEdifact(documents, mappings, {
        ...(options.message ? { message: options.message } : {}),
        ...(options.version ? { directory: options.version } : {}),
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        ...(options.syntaxId ? { syntaxId: options.syntaxId } : {}),
        ...(options.partnerCharset ? { charset: options.partnerCharset } : {}),
        ...(options.syntaxVersion !== undefined ? { syntaxVersion: options.syntaxVersion } : {}),
        ...(options.sender ? { sender: options.sender } : {}),
        ...(options.recipient ? { recipient: options.recipient } : {}),
        ...(options.controlRef ? { controlRef: options.controlRef } : {}),
      });
    },
  };
}

/** Canonical documents as JSON: one object, or an array of them. */
export const jsonAdapter: FormatAdapter = {
  format: 'json',
  mediaType: 'application/json',
  sniff: (input) => head(input).startsWith('{') || head(input).startsWith('['),
  read(input, options) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.toString('utf8')) as unknown;
    } catch (err) {
      return { documents: [], issues: [makeIssue('GW_ERR_MAPPING_INPUT_INVALID', `the input is not valid JSON: ${(err as Error).message}`, { path: '' })] };
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const issues: Issue[] = [];
    const documents: ConvertedDocument[] = [];
    list.forEach((doc, i) => {
      const prefix = Array.isArray(parsed) ? `/${i}` : '';
      if (!isObj(doc)) {
        issues.push(makeIssue('GW_ERR_DOCUMENT_NOT_OBJECT', `${prefix || 'document'}: must be a JSON object`, { path: prefix }));
        return;
      }
      if (options.documentType !== undefined && doc.documentType !== options.documentType) {
        issues.push(makeIssue('GW_ERR_DOCUMENT_TYPE_MISMATCH', `${prefix}/documentType: is ${JSON.stringify(doc.documentType)}, but a ${options.documentType} was asked for`, { path: `${prefix}/documentType` }));
        return;
      }
      documents.push({ document: doc, issues: [], label: Array.isArray(parsed) ? `document ${i + 1}` : 'document' });
    });
    return { documents, issues };
  },
  write(documents) {
    const value = documents.length === 1 ? documents[0] : documents;
    return { output: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'), issues: [] };
  },
};

export class FormatRegistry {
  private readonly adapters: ReadonlyMap<FormatName, FormatAdapter>;

  constructor(adapters: readonly FormatAdapter[]) {
    this.adapters = new Map(adapters.map((a) => [a.format, a]));
  }

  get(format: FormatName): FormatAdapter | undefined {
    return this.adapters.get(format);
  }

  /** The adapter whose format the bytes look like; for XML the format is named even without an adapter. */
  detect(input: Buffer): { format: FormatName | undefined; adapter: FormatAdapter | undefined } {
    for (const a of this.adapters.values()) if (a.sniff(input)) return { format: a.format, adapter: a };
    return { format: head(input).startsWith('<') ? 'xml' : undefined, adapter: undefined };
  }

  get formats(): FormatName[] {
    return [...this.adapters.keys()];
  }
}

/** Checks mapped or posted documents against their schemas; findings carry the document's index when there are several. */
export function checkDocuments(documents: readonly ConvertedDocument[]): Issue[] {
  const issues: Issue[] = [];
  documents.forEach((d, i) => {
    const prefix = documents.length > 1 ? `/${i}` : '';
    for (const issue of validateDocument(d.document).issues) {
      const path = `${prefix}${issue.location?.path ?? ''}`;
      issues.push({ ...issue, text: prefix ? `${prefix}${issue.text.startsWith('/') ? '' : ' '}${issue.text}` : issue.text, location: { ...issue.location, path } });
    }
  });
  return issues;
}

/** The formats this build converts: canonical JSON, EDIFACT and the China customs manifest XML. */
export function defaultFormats(mappings: MappingRegistry): FormatRegistry {
  return new FormatRegistry([jsonAdapter, createEdifactAdapter(mappings), createXmlAdapter(mappings)]);
}
