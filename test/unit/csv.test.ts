import { csvCell, csvRow } from '../../src/domain/csv';

describe('CSV cells', () => {
  it('quote what needs quoting', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 7, undefined])).toBe(
      'a,"b,c","say ""hi""","two\nlines",7,\r\n',
    );
  });

  it('neutralise cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('SN-0047')).toBe('SN-0047');
  });
});

describe('CSV numbers', () => {
  it('keep their sign: a number is never a formula', () => {
    expect(csvRow([-0.02, 3, '-0.02'])).toBe("-0.02,3,'-0.02\r\n");
  });
});
