/**
 * Test helpers: XSD validation with a real validator (xmllint from libxml2-utils, installed by
 * .ci/run), and the paths of the reference XSDs, the gateway's own XSDs and the fixtures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const REFERENCE_XSD_DIR = resolve(ROOT, '../shared/reference/china-manifest-xsd');
export const OWN_XSD_DIR = join(ROOT, 'schemas/xml');
export const FIXTURES = join(ROOT, 'fixtures/xml');
export const CORPUS = resolve(ROOT, '../shared/corpus/china-xml');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export interface XsdResult {
  valid: boolean;
  /** The messages of xmllint's "Schemas validity error" lines (without file, line and element prefix). */
  errors: string[];
  /** Everything else xmllint printed on stderr (parser errors, schema compile errors). */
  other: string[];
}

/** Runs `xmllint --noout --nonet --schema <xsd> -` on the document, as the issue asks. */
export function validateWithXsd(xml: string | Buffer, xsdPath: string): XsdResult {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsdPath, '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  const lines = run.stderr.split('\n').filter((l) => l !== '' && l !== '- validates' && l !== '- fails to validate');
  const errors = lines.filter((l) => l.includes('Schemas validity error')).map((l) => l.replace(/^.*Schemas validity error : /, ''));
  const other = lines.filter((l) => !l.includes('Schemas validity error'));
  return { valid: run.status === 0, errors, other };
}

/**
 * The 2015 reference XSDs give SealID and ValueAmount an anonymous complex type with an attribute and
 * no content, so the seal number and the amount (text, as customs practice writes them) are invalid
 * there. This copy, made in a temporary directory for one test run, gives those types simple content;
 * nothing else changes. Returns the path and a cleanup function.
 */
export function referenceXsdWithTextContent(xsdFile: string): { path: string; cleanup: () => void } {
  const text = readFileSync(join(REFERENCE_XSD_DIR, xsdFile), 'utf8');
  const corrected = text.replace(
    /<xs:complexType>(\s*<xs:attribute name="[A-Za-z]+">[\s\S]*?<\/xs:attribute>\s*)<\/xs:complexType>/g,
    '<xs:complexType><xs:simpleContent><xs:extension base="xs:string">$1</xs:extension></xs:simpleContent></xs:complexType>',
  );
  if (corrected === text) throw new Error(`${xsdFile}: no attribute-only complex type to correct`);
  const dir = mkdtempSync(join(tmpdir(), 'edigw-xsd-'));
  const path = join(dir, xsdFile);
  writeFileSync(path, corrected);
  return { path, cleanup: () => { rmSync(dir, { recursive: true, force: true }); } };
}
