/**
 * The format adapter of the China customs manifest XML for `edigw convert` and the pipeline's
 * format registry (src/mapping/formats.ts): bytes ⇄ canonical documents through readCustomsXml and
 * writeCustomsXml. One customs message carries one document.
 *
 * The types below are the part of formats.ts's FormatAdapter this adapter uses, written out so that
 * formats.ts can import this module without an import cycle.
 */
import { makeIssue, type Issue } from '../../errors/index.js';
import type { Obj } from '../paths.js';
import type { MappingRegistry } from '../registry.js';
import { readCustomsXml, writeCustomsXml } from './adapter.js';

/** First non-blank character, after a UTF-8 byte order mark. */
function startsWithMarkup(input: Buffer): boolean {
  let i = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
  while (i < input.length && (input[i] === 0x20 || input[i] === 0x0a || input[i] === 0x0d || input[i] === 0x09)) i++;
  return input[i] === 0x3c;
}

interface XmlFormatAdapter {
  readonly format: 'xml';
  readonly mediaType: string;
  sniff(input: Buffer): boolean;
  read(input: Buffer, options: { readonly timeZone?: string; readonly charset?: 'GB18030'; readonly documentType?: string }): {
    readonly documents: readonly { readonly document: Obj; readonly issues: readonly Issue[]; readonly label: string }[];
    readonly issues: readonly Issue[];
    readonly envelope?: Readonly<Record<string, unknown>>;
  };
  write(documents: readonly Obj[], options: {
    readonly message?: string; readonly version?: string; readonly timeZone?: string; readonly partnerCharset?: 'GB18030';
    readonly sender?: { readonly id: string }; readonly recipient?: { readonly id: string }; readonly controlRef?: string;
  }): { readonly output: Buffer | undefined; readonly issues: readonly Issue[] };
}

export function createXmlAdapter(mappings: MappingRegistry): XmlFormatAdapter {
  return {
    format: 'xml',
    mediaType: 'application/xml',
    sniff: startsWithMarkup,
    read(input, options) {
      const r = readCustomsXml(input, mappings, {
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        ...(options.documentType ? { documentType: options.documentType } : {}),
        ...(options.charset === 'GB18030' ? { allowGb18030: true } : {}),
      });
      return {
        documents: r.documents.map((d) => ({ document: d.document, issues: d.issues, label: `${d.source.messageType} ${d.source.directory} message ${d.source.messageRef} as ${String(d.document.documentType)}` })),
        issues: r.issues,
        ...(r.message ? { envelope: { senderId: r.message.head.SenderID, receiverId: r.message.head.ReceiverID, wrapper: r.message.wrapper } } : {}),
      };
    },
    write(documents, options) {
      if (documents.length !== 1) {
        return { output: undefined, issues: [makeIssue('GW_ERR_MAPPING_INPUT_INVALID', `customs XML carries one document per message, and ${documents.length} were given; convert them one at a time (--document TYPE picks one)`)] };
      }
      const r = writeCustomsXml(documents[0], mappings, {
        ...(options.message ? { message: options.message } : {}),
        ...(options.version ? { version: options.version } : {}),
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        ...(options.sender ? { senderId: options.sender.id } : {}),
        ...(options.recipient ? { receiverId: options.recipient.id } : {}),
        ...(options.controlRef ? { messageId: options.controlRef } : {}),
        ...(options.partnerCharset === 'GB18030' ? { encoding: 'gb18030' as const } : {}),
      });
      return { output: r.output, issues: r.issues };
    },
  };
}
