/**
 * Loads the generated UN/EDIFACT catalogue (schemas/edifact, see docs/catalogue.md) lazily: the
 * index at start-up, then a directory's segments.json, codes.json and each message table only when
 * a caller first asks for them, and a segment's resolved definition only once. Files are trusted
 * to be generated but still checked for shape, so a damaged deployment fails loudly with
 * GW_ERR_CATALOGUE_UNAVAILABLE instead of validating against half a table.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayError } from '../../errors/index.js';
import { parseRepr } from './repr.js';
import type {
  ComponentUse, DirectoryInfo, EdifactCatalogue, ElementDef, ElementUse, MessageDef, SegmentDef, ServiceDefinitions, StructureNode, SyntaxVersion,
} from './types.js';

export interface LoadOptions {
  /** Reads one file as UTF-8; tests pass a counting reader to see what was loaded. */
  readFile?: (path: string) => string;
}

/** UNH S009 0052 + 0054 -> directory id: ('D', '95B') -> 'D95B'. */
export function directoryOf(versionNumber: string, releaseNumber: string): string {
  return `${versionNumber.trim()}${releaseNumber.trim()}`.toUpperCase();
}

/** schemas/ of the installation: the nearest ancestor of this module that holds schemas/edifact. */
export function defaultSchemasRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'schemas', 'edifact', 'index.json'))) return join(dir, 'schemas');
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas');
}

type Json = unknown;

function fail(file: string, what: string): never {
  throw new GatewayError('GW_ERR_CATALOGUE_UNAVAILABLE', `catalogue file ${file}: ${what}`);
}

function object(value: Json, file: string, what: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, `${what} is not an object`);
  return value as Record<string, Json>;
}

function array(value: Json, file: string, what: string): Json[] {
  if (!Array.isArray(value)) fail(file, `${what} is not an array`);
  return value;
}

function str(value: Json, file: string, what: string): string {
  if (typeof value !== 'string') fail(file, `${what} is not a string`);
  return value;
}

function elementDef(id: string, name: string, repr: string, codeList: boolean, file: string): ElementDef {
  const parsed = parseRepr(repr);
  if (!parsed) fail(file, `element ${id} has representation "${repr}"`);
  return { id, name, repr, type: parsed.type, min: parsed.min, max: parsed.max, codeList };
}

function structure(nodes: Json, file: string): StructureNode[] {
  return array(nodes, file, 'structure').map((raw): StructureNode => {
    const n = object(raw, file, 'structure node');
    const mandatory = n.mandatory === true;
    const max = n.max;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) fail(file, 'structure node without a valid max');
    if (n.kind === 'segment') return { kind: 'segment', tag: str(n.tag, file, 'segment tag'), mandatory, max };
    if (n.kind === 'group') return { kind: 'group', id: str(n.id, file, 'group id'), mandatory, max, children: structure(n.children, file) };
    return fail(file, `unknown structure node kind ${String(n.kind)}`);
  });
}

function messageDef(raw: Json, file: string): MessageDef {
  const m = object(raw, file, 'message');
  const def: MessageDef = {
    directory: str(m.directory, file, 'directory'),
    type: str(m.type, file, 'type'),
    name: str(m.name, file, 'name'),
    structure: structure(m.structure, file),
    sources: array(m.sources, file, 'sources').map((s) => str(s, file, 'source')),
  };
  return typeof m.version === 'string' ? { ...def, version: m.version } : def;
}

function codeMap(raw: Json, file: string, id: string): ReadonlyMap<string, string> {
  const codes = object(raw, file, `code list ${id}`);
  return new Map(Object.entries(codes).map(([code, name]) => [code, str(name, file, `code ${id} ${code}`)]));
}

/** One directory's segments.json / codes.json, read on first use. */
class DirectoryData {
  private segmentsFile: Record<string, Json> | undefined;
  private codesFile: Record<string, Json> | undefined;
  private readonly segments = new Map<string, SegmentDef | undefined>();
  private readonly elements = new Map<string, ElementDef>();
  private readonly codeLists = new Map<string, ReadonlyMap<string, string> | undefined>();
  private readonly messages = new Map<string, MessageDef>();

  readonly info: DirectoryInfo;
  private readonly folder: string;
  private readonly read: (relative: string) => Json;

  constructor(info: DirectoryInfo, folder: string, read: (relative: string) => Json) {
    this.info = info;
    this.folder = folder;
    this.read = read;
  }

  message(type: string): MessageDef | undefined {
    if (!this.info.messages.includes(type)) return undefined;
    let def = this.messages.get(type);
    if (!def) this.messages.set(type, (def = messageDef(this.read(`${this.folder}/${type}.json`), `${this.folder}/${type}.json`)));
    return def;
  }

  segment(tag: string): SegmentDef | undefined {
    if (this.segments.has(tag)) return this.segments.get(tag);
    const file = `${this.folder}/segments.json`;
    this.segmentsFile ??= object(this.read(file), file, 'segments file');
    const all = object(this.segmentsFile.segments, file, 'segments');
    const composites = object(this.segmentsFile.composites, file, 'composites');
    const raw = Object.hasOwn(all, tag) ? object(all[tag], file, `segment ${tag}`) : undefined;
    const def = raw && {
      tag,
      name: str(raw.name, file, `segment ${tag} name`),
      elements: array(raw.elements, file, `segment ${tag} elements`).map((r): ElementUse => {
        const ref = object(r, file, `element of ${tag}`);
        const id = str(ref.id, file, `element id in ${tag}`);
        const use = { id, mandatory: ref.mandatory === true, repeat: typeof ref.repeat === 'number' ? ref.repeat : 1 };
        if (!/^[CS]/.test(id)) {
          const element = this.element(id, file);
          return { ...use, name: element.name, element };
        }
        const comp = Object.hasOwn(composites, id) ? object(composites[id], file, `composite ${id}`) : fail(file, `composite ${id} missing`);
        const components = array(comp.components, file, `composite ${id}`).map((c): ComponentUse => {
          const cref = object(c, file, `component of ${id}`);
          return { element: this.element(str(cref.id, file, `component id in ${id}`), file), mandatory: cref.mandatory === true };
        });
        return { ...use, name: str(comp.name, file, `composite ${id} name`), components };
      }),
    };
    this.segments.set(tag, def);
    return def;
  }

  codes(elementId: string): ReadonlyMap<string, string> | undefined {
    if (!this.info.codeLists) return undefined;
    if (this.codeLists.has(elementId)) return this.codeLists.get(elementId);
    const file = `${this.folder}/codes.json`;
    this.codesFile ??= object(object(this.read(file), file, 'codes file').codes, file, 'codes');
    const list = Object.hasOwn(this.codesFile, elementId) ? codeMap(this.codesFile[elementId], file, elementId) : undefined;
    this.codeLists.set(elementId, list);
    return list;
  }

  private element(id: string, file: string): ElementDef {
    let def = this.elements.get(id);
    if (!def) {
      const all = object(this.segmentsFile!.elements, file, 'elements');
      const raw = Object.hasOwn(all, id) ? object(all[id], file, `element ${id}`) : fail(file, `element ${id} missing`);
      def = elementDef(id, str(raw.name, file, `element ${id} name`), str(raw.repr, file, `element ${id} repr`), raw.codes === true, file);
      this.elements.set(id, def);
    }
    return def;
  }
}

function serviceDefinitions(version: SyntaxVersion, read: (relative: string) => Json): ServiceDefinitions {
  const file = `service/syntax-v${version}.json`;
  const data = object(read(file), file, 'service file');
  const segments = object(data.segments, file, 'segments');
  const codes = object(data.codes, file, 'codes');
  const segmentCache = new Map<string, SegmentDef | undefined>();
  const codeCache = new Map<string, ReadonlyMap<string, string>>();
  const element = (raw: Record<string, Json>): ElementDef => {
    const id = str(raw.id, file, 'element id');
    return elementDef(id, str(raw.name, file, `${id} name`), str(raw.repr, file, `${id} repr`), Object.hasOwn(codes, id), file);
  };
  const contrl = (version === 4 ? 'CONTRL-4' : 'CONTRL-3') + '.json';
  let contrlDef: MessageDef | undefined;
  return {
    syntaxVersion: version,
    notes: array(data.notes ?? [], file, 'notes').map((n) => str(n, file, 'note')),
    segment(tag) {
      if (segmentCache.has(tag)) return segmentCache.get(tag);
      const raw = Object.hasOwn(segments, tag) ? object(segments[tag], file, `segment ${tag}`) : undefined;
      const def = raw && {
        tag,
        name: str(raw.name, file, `${tag} name`),
        elements: array(raw.elements, file, `${tag} elements`).map((r): ElementUse => {
          const e = object(r, file, `element of ${tag}`);
          const use = { id: str(e.id, file, 'id'), name: str(e.name, file, 'name'), mandatory: e.mandatory === true, repeat: typeof e.repeat === 'number' ? e.repeat : 1 };
          if (e.components === undefined) return { ...use, element: element(e) };
          const components = array(e.components, file, `${use.id} components`).map((c): ComponentUse => {
            const comp = object(c, file, 'component');
            return { element: element(comp), mandatory: comp.mandatory === true };
          });
          return { ...use, components };
        }),
      };
      segmentCache.set(tag, def);
      return def;
    },
    codes(elementId) {
      if (!Object.hasOwn(codes, elementId)) return undefined;
      let list = codeCache.get(elementId);
      if (!list) codeCache.set(elementId, (list = codeMap(codes[elementId], file, elementId)));
      return list;
    },
    message(type) {
      if (type !== 'CONTRL') return undefined;
      contrlDef ??= messageDef(read(`service/${contrl}`), `service/${contrl}`);
      return contrlDef;
    },
  };
}

export function loadEdifactCatalogue(schemasRoot: string = defaultSchemasRoot(), options: LoadOptions = {}): EdifactCatalogue {
  const root = join(schemasRoot, 'edifact');
  const readFile = options.readFile ?? ((path: string): string => readFileSync(path, 'utf8'));
  const read = (relative: string): Json => {
    let text: string;
    try {
      text = readFile(join(root, relative));
    } catch (err) {
      throw new GatewayError('GW_ERR_CATALOGUE_UNAVAILABLE', `catalogue file ${relative} cannot be read: ${(err as Error).message}`, { cause: err });
    }
    try {
      return JSON.parse(text) as Json;
    } catch (err) {
      throw new GatewayError('GW_ERR_CATALOGUE_UNAVAILABLE', `catalogue file ${relative} is not valid JSON`, { cause: err });
    }
  };

  const index = object(object(read('index.json'), 'index.json', 'index').directories, 'index.json', 'directories');
  const directories = new Map<string, DirectoryData>();
  for (const [id, raw] of Object.entries(index)) {
    const entry = object(raw, 'index.json', id);
    const info: DirectoryInfo = {
      id,
      messages: array(entry.messages, 'index.json', `${id} messages`).map((m) => str(m, 'index.json', 'message')),
      codeLists: entry.codeLists === true,
    };
    directories.set(id, new DirectoryData(info, id, read));
  }
  const ids = [...directories.keys()];
  const services = new Map<SyntaxVersion, ServiceDefinitions>();
  const dir = (id: string): DirectoryData | undefined => directories.get(id.toUpperCase());

  return {
    directories: () => ids,
    directory: (id) => dir(id)?.info,
    message: (id, type) => dir(id)?.message(type.toUpperCase()),
    segment: (id, tag) => dir(id)?.segment(tag),
    codes: (id, elementId) => dir(id)?.codes(elementId),
    service(version) {
      let s = services.get(version);
      if (!s) services.set(version, (s = serviceDefinitions(version, read)));
      return s;
    },
  };
}
