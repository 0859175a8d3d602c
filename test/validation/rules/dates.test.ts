/** DTM values against their format qualifier (2379). */
import { describe, expect, it } from 'vitest';
import { dateProblem, documentDate } from '../../../src/validation/rules/index.js';
import { brief, message, runRule } from './helpers.js';

const dtms = (list: string[]): ReturnType<typeof message> => message('CODECO', 'D95B', `BGM+34+G1+9'${list.map((d) => `DTM+${d}'`).join('')}`);

describe('DTM formats', () => {
  it.each([
    ['20240229', 'CCYYMMDD'], ['202602041652', 'CCYYMMDDHHMM'], ['20260204165259', 'CCYYMMDDHHMMSS'], ['0910301200', 'YYMMDDHHMM'],
    ['261128', 'YYMMDD'], ['281126', 'DDMMYY'], ['202611280930UTC', 'CCYYMMDDHHMMZZZ'], ['202611280930+0800', 'CCYYMMDDHHMMZHHMM'],
    ['2400', 'HHMM'], ['20261101-20261130', 'CCYYMMDD-CCYYMMDD'], ['08001700', 'HHMMHHMM'], ['26485', 'YYWWD'], ['26366', 'YYDDD'],
  ])('%s is a %s', (value, pattern) => {
    expect(dateProblem(value, pattern)).toBeUndefined();
  });

  it.each([
    ['20121124', 'CCYYMMDDHHMM', 'it has 8 characters, the format has 12'],
    ['20230229', 'CCYYMMDD', 'day 29 is impossible in month 2'],
    ['21000229', 'CCYYMMDD', 'day 29 is impossible in month 2'],
    ['202613011200', 'CCYYMMDDHHMM', 'month 13 is impossible'],
    ['202611282460', 'CCYYMMDDHHMM', 'minute 60 is impossible'],
    ['202611282430', 'CCYYMMDDHHMM', 'hour 24 is only possible as 2400'],
    ['201DA1131212', 'CCYYMMDDHHMM', '"1D" is not numeric'],
    ['20261101/20261130', 'CCYYMMDD-CCYYMMDD', 'separated by "-"'],
    ['20261101-20261131', 'CCYYMMDD-CCYYMMDD', 'day 31 is impossible in month 11'],
    ['2026112809301', 'CCYYMMDDHHMMZZZ', 'it has 13 characters, the format has 15'],
    ['202611280930 0800', 'CCYYMMDDHHMMZHHMM', 'must be + or -'],
  ])('%s is not a %s: %s', (value, pattern, problem) => {
    expect(dateProblem(value, pattern)).toContain(problem);
  });

  it('reports a value that breaks its format at DTM element 1 component 2, with CONTRL 12', () => {
    const issues = runRule('dates', dtms(['137:202611280930:203', '132:20121124:203', '133:20230229:102', '7:99:802']));
    expect(brief(issues)).toEqual(['GW_ERR_DTM_INVALID@4.1.2', 'GW_ERR_DTM_INVALID@5.1.2']);
    expect(issues[0]).toMatchObject({ contrl: '12', text: 'DTM+132 "20121124" does not match format 203 (CCYYMMDDHHMM): it has 8 characters, the format has 12' });
  });

  it('warns about a DTM with a qualifier but no value', () => {
    expect(brief(runRule('dates', dtms(['137::201'])))).toEqual(['GW_ERR_DTM_VALUE_MISSING@3.1.2:warning']);
  });

  it('without a format qualifier accepts the port defaults CCYYMMDD, CCYYMMDDHHMM, CCYYMMDDHHMMSS only', () => {
    expect(brief(runRule('dates', dtms(['137:20261128', '132:202611280930', '133:26112809'])))).toEqual(['GW_ERR_DTM_INVALID@5.1.2']);
  });

  it('checks quantities (801-814) as whole numbers and leaves unknown formats to the code list check', () => {
    expect(brief(runRule('dates', dtms(['7:3:804', '7:3.5:804', '7:ABC:999'])))).toEqual(['GW_ERR_DTM_INVALID@4.1.2']);
  });

  it('finds the document date (DTM+137) for date-dependent rules', () => {
    expect(documentDate(dtms(['132:202601010000:203', '137:0910301200:201']).segments)).toBe('2009-10-30');
    expect(documentDate(dtms(['137::201']).segments)).toBeUndefined();
  });
});
