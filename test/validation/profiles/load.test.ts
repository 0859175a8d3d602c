/** Loading profiles: the defaults, schema findings with file and JSON Pointer, extends, and which profile a message gets. */
import { afterEach, describe, expect, it } from 'vitest';
import { isGatewayError, type Issue } from '../../../src/errors/index.js';
import { loadProfiles } from '../../../src/validation/profiles/index.js';
import { profile, tempProfiles, type TempProfiles } from './helpers.js';

let temp: TempProfiles | undefined;
afterEach(() => { temp?.remove(); temp = undefined; });

function loadFailure(files: Record<string, unknown>): readonly Issue[] {
  temp = tempProfiles(files);
  try {
    loadProfiles({ dir: temp.dir });
  } catch (err) {
    if (!isGatewayError(err)) throw err;
    expect(err.code).toBe('GW_ERR_PROFILE_INVALID');
    return err.issues;
  }
  throw new Error('the profiles loaded');
}

describe('default profiles', () => {
  const registry = loadProfiles();

  it('hold the port suite: a fallback for every message and one profile per port message, each extending port', () => {
    expect([...registry.suites]).toEqual(['port']);
    expect([...registry.profiles.keys()].sort()).toEqual(['aperak', 'baplie', 'coarri', 'coarri-d00b', 'codeco', 'contrl', 'coparn', 'coprar', 'coreor', 'cuscar', 'cuscar-d93a', 'cusres', 'iftmcs', 'iftmin', 'port']);
    for (const p of registry.profiles.values()) {
      expect(p.suite).toBe('port');
      expect(p.chain.at(-1)).toBe('port');
    }
  });

  it.each([
    ['CODECO', 'D95B', 'codeco'], ['CODECO', 'D00B', 'codeco'], ['COARRI', 'D95B', 'coarri'], ['COARRI', 'D99A', 'coarri'],
    ['COARRI', 'D99B', 'coarri-d00b'], ['COARRI', 'D00B', 'coarri-d00b'], ['COARRI', 'D16A', 'coarri-d00b'], ['BAPLIE', 'D04B', 'baplie'], ['CUSCAR', 'D93A', 'cuscar-d93a'], ['CUSCAR', 'D95B', 'cuscar'],
    ['IFTSTA', 'D96A', 'port'], ['ORDERS', 'D01B', 'port'], ['CONTRL', 'D3', 'contrl'], ['CONTRL', '41', 'contrl'],
  ])('%s %s gets %s', (messageType, directory, name) => {
    expect(registry.resolve({ messageType, directory })?.name).toBe(name);
  });

  it('merges what a profile extends: coarri-d00b narrows 1001 to 119/122 and keeps port rules and its parent segment rules', () => {
    const p = registry.profiles.get('coarri-d00b')!;
    expect(p.chain).toEqual(['coarri-d00b', 'coarri', 'port']);
    expect(p.codes.find((c) => c.element === '1001')).toMatchObject({ only: ['119', '122'] });
    expect(p.codes.some((c) => c.element === '8155')).toBe(true);
    expect(p.segments.map((s) => `${s.tag}+${String(s.qualifier)}`)).toEqual(['TDT+20', 'EQD+CN']);
    expect(p.rules.containerNumber).toBe(true);
    expect(p.directories).toBeUndefined();
  });
});

describe('profile file findings name the file and the JSON Pointer', () => {
  it.each([
    ['a required property', { 'p.json': { name: 'p', message: 'CODECO' } }, ['p.json: missing required property "title"']],
    ['an unknown property', { 'p.json': profile('p', { colour: 'red' }) }, ['p.json /colour: unknown property "colour"']],
    ['a message type in lower case', { 'p.json': profile('p', { message: 'codeco' }) }, ['p.json /message: "codeco" is not of the expected form (UNH 0065 message type, or * for the suite\'s fallback for every message.)']],
    ['a code rule that changes nothing', { 'p.json': profile('p', { codes: [{ element: '1001' }] }) }, ['p.json /codes/0: needs at least one of: add, only, closed, pattern']],
    ['a bad code inside a narrowed list', { 'p.json': profile('p', { codes: [{ element: '1001', only: ['34', '3 6'] }] }) }, ['p.json /codes/0/only/1: "3 6" is not of the expected form (pattern ^[0-9A-Za-z]{1,17}$)']],
    ['a severity that does not exist', { 'p.json': profile('p', { severity: { GW_ERR_CARRIER_UNKNOWN: 'fatal' } }) }, ['p.json /severity/GW_ERR_CARRIER_UNKNOWN: must be one of: "error", "warning", "info"']],
    ['a business rule that does not exist', { 'p.json': profile('p', { rules: { vesselName: true } }) }, ['p.json /rules/vesselName: unknown property "vesselName"']],
    ['an element position in a segment rule', { 'p.json': profile('p', { segments: [{ tag: 'EQD', require: ['2-1'] }] }) }, ['p.json /segments/0/require/0: "2-1" is not of the expected form (pattern ^[1-9][0-9]?(\\.[1-9][0-9]?)?$)']],
    ['a name other than the file name', { 'p.json': profile('other') }, ['p.json /name: "other" must equal the file name "p"']],
    ['a pattern that is no regular expression', { 'p.json': profile('p', { codes: [{ element: '8155', pattern: '([0-9' }] }) }, ['p.json /codes/0/pattern: "([0-9" is not a regular expression']],
    ['a file that is not JSON', { 'p.json': '{ "name": "p", ' }, [expect.stringMatching(/^p\.json: not valid JSON \(/)]],
  ])('%s', (_what, files, texts) => {
    const issues = loadFailure(files);
    expect(issues.map((i) => i.text)).toEqual(texts);
    expect(issues[0].location?.path).toMatch(/^p\.json#/);
  });

  it('extends of a missing profile, a cycle and a message that differs from the parent', () => {
    const issues = loadFailure({
      'a.json': profile('a', { extends: 'nowhere' }),
      'b.json': profile('b', { extends: 'c' }),
      'c.json': profile('c', { extends: 'b' }),
      'd.json': profile('d', { message: 'CODECO' }),
      'e.json': profile('e', { message: 'COPRAR', extends: 'd' }),
    });
    expect(issues.map((i) => i.text.replace(temp!.dir, 'DIR'))).toEqual([
      'a.json /extends: extends "nowhere", which is not a profile in DIR',
      'b.json /extends: extends itself through b -> c -> b',
      'e.json /message: is COPRAR but extends d, a profile for CODECO',
    ]);
  });

  it('a suite named like a profile of another suite', () => {
    const issues = loadFailure({ 'strict.json': profile('strict', { suite: 'other' }), 'x.json': profile('x', { suite: 'strict' }) });
    expect(issues.map((i) => i.text)).toEqual(['strict.json /name: "strict" is also a suite name, so a partner naming it would be ambiguous']);
  });

  it('the GatewayError message lists every finding for the operator', () => {
    temp = tempProfiles({ 'p.json': profile('p', { colour: 'red', message: 'x' }) });
    expect(() => loadProfiles({ dir: temp!.dir })).toThrow(/2 problems in the profiles in .*:\n {2}p\.json \/colour: unknown property "colour"\n {2}p\.json \/message: "x" is not of the expected form/);
  });
});

describe('which profile a partner gets', () => {
  const files = {
    'base.json': profile('base', { suite: 'port', rules: { containerNumber: true } }),
    'codeco.json': profile('codeco', { suite: 'port', message: 'CODECO', extends: 'base' }),
    'codeco-old.json': profile('codeco-old', { suite: 'port', message: 'CODECO', directories: ['D95B'], extends: 'codeco' }),
    'strict-codeco.json': profile('strict-codeco', { suite: 'strict', message: 'CODECO', extends: 'codeco', severity: { GW_ERR_CARRIER_UNKNOWN: 'error' } }),
    'solo.json': profile('solo', { message: 'COPRAR', extends: 'base', rules: { containerNumber: false } }),
  };

  it('a suite name picks within the suite and falls back to the port suite', () => {
    temp = tempProfiles(files);
    const r = loadProfiles({ dir: temp.dir });
    expect(r.resolve({ profile: 'strict', messageType: 'CODECO', directory: 'D00B' })?.name).toBe('strict-codeco');
    expect(r.resolve({ profile: 'strict', messageType: 'COPRAR', directory: 'D95B' })?.name).toBe('base');
    expect(r.resolve({ messageType: 'CODECO', directory: 'D95B' })?.name).toBe('codeco-old');
    expect(r.resolve({ messageType: 'CODECO', directory: 'D96A' })?.name).toBe('codeco');
  });

  it('a profile name applies to its message; other messages get its suite, or the port suite', () => {
    temp = tempProfiles(files);
    const r = loadProfiles({ dir: temp.dir });
    expect(r.resolve({ profile: 'strict-codeco', messageType: 'CODECO', directory: 'D95B' })?.name).toBe('strict-codeco');
    expect(r.resolve({ profile: 'solo', messageType: 'COPRAR', directory: 'D95B' })?.name).toBe('solo');
    expect(r.resolve({ profile: 'solo', messageType: 'CODECO', directory: 'D96A' })?.name).toBe('codeco');
    expect(r.resolve({ profile: 'solo', messageType: 'COPRAR', directory: 'D95B' })?.rules.containerNumber).toBe(false);
    expect(r.resolve({ profile: 'strict-codeco', messageType: 'CODECO', directory: 'D95B' })?.severity).toEqual({ GW_ERR_CARRIER_UNKNOWN: 'error' });
  });

  it('an unknown name is GW_ERR_PROFILE_UNKNOWN, naming what exists', () => {
    temp = tempProfiles(files);
    const r = loadProfiles({ dir: temp.dir });
    expect(() => r.resolve({ profile: 'stricter', messageType: 'CODECO', directory: 'D95B' })).toThrow(/no profile or suite "stricter" .* \(known: port, strict, base, codeco, codeco-old, solo, strict-codeco\)/);
    try {
      r.resolve({ profile: 'stricter', messageType: 'CODECO', directory: 'D95B' });
    } catch (err) {
      expect(isGatewayError(err) && err.code).toBe('GW_ERR_PROFILE_UNKNOWN');
    }
    expect(r.has('strict')).toBe(true);
    expect(r.has('solo')).toBe(true);
    expect(r.has('stricter')).toBe(false);
  });
});
