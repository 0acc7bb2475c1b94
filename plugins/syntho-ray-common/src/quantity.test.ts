import {
  formatCpu,
  formatMemory,
  isQuantity,
  parseQuantity,
  QuantityError,
} from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['1', 1_000_000_000n],
    ['500m', 500_000_000n],
    ['0.5', 500_000_000n],
    ['.5', 500_000_000n],
    ['16', 16_000_000_000n],
    [16, 16_000_000_000n],
    ['1n', 1n],
    ['2u', 2_000n],
    ['1k', 1_000_000_000_000n],
    ['64G', 64n * 10n ** 18n],
    ['2G', 2n * 10n ** 18n],
    ['1Ki', 1024n * 10n ** 9n],
    ['1.5Gi', 3n * 2n ** 29n * 10n ** 9n],
    ['0.1Ki', 102_400_000_000n],
    ['2e3', 2_000n * 10n ** 9n],
    ['1E-3', 1_000_000n],
    ['1e-9', 1n],
    ['+3', 3n * 10n ** 9n],
    ['1Ei', 2n ** 60n * 10n ** 9n],
  ])('parses %p', (text, nano) => {
    expect(parseQuantity(text)).toBe(nano);
  });

  it('orders binary and decimal suffixes exactly', () => {
    expect(parseQuantity('2Gi') > parseQuantity('2G')).toBe(true);
    expect(parseQuantity('1000M')).toBe(parseQuantity('1G'));
    expect(parseQuantity('1024Mi')).toBe(parseQuantity('1Gi'));
    expect(parseQuantity('1999Mi') < parseQuantity('2G')).toBe(false);
  });

  it.each([
    ['', /not a Kubernetes quantity/],
    ['abc', /not a Kubernetes quantity/],
    ['1GB', /not a Kubernetes quantity/],
    ['1 G', /not a Kubernetes quantity/],
    ['1gi', /not a Kubernetes quantity/],
    ['-1', /negative/],
    ['0.1n', /more precise/],
    ['1e-10', /more precise/],
    ['1e400', /out of range/],
  ])('rejects %p', (text, message) => {
    expect(() => parseQuantity(text)).toThrow(QuantityError);
    expect(() => parseQuantity(text)).toThrow(message);
  });

  it.each([
    ' 16',
    '16\n',
    '16\n  securityContext: {privileged: true}',
    '16 # comment',
    '{{ 16 }}',
    '[16]',
    '16\u2028',
    '"16"',
    '1'.repeat(65),
  ])('refuses %j, which the chart would write as given', text => {
    expect(() => parseQuantity(text)).toThrow(QuantityError);
  });

  it('answers isQuantity without throwing', () => {
    expect(isQuantity('8Gi')).toBe(true);
    expect(isQuantity('8 GB')).toBe(false);
  });
});

describe('formatting', () => {
  it('formats CPU in cores', () => {
    expect(formatCpu(parseQuantity('16'))).toBe('16');
    expect(formatCpu(parseQuantity('1500m'))).toBe('1.5');
    expect(formatCpu(parseQuantity('250m'))).toBe('0.25');
  });

  it('formats memory in GiB with one decimal', () => {
    expect(formatMemory(parseQuantity('8Gi'))).toBe('8 GiB');
    expect(formatMemory(parseQuantity('64G'))).toBe('59.6 GiB');
  });
});
