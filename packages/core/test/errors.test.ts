import { HealthtraceError } from '@healthtrace/core';
import { describe, expect, it, vi } from 'vitest';

class KeyFileError extends HealthtraceError {}

describe('HealthtraceError', () => {
  it('carries a stable code, a cause and the subclass name', () => {
    const cause = new Error('zip');
    const error = new KeyFileError('keyfile/bad-header', 'bad header', { cause });
    expect(error.code).toBe('keyfile/bad-header');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('KeyFileError');
    expect(error).toBeInstanceOf(Error);
    expect(HealthtraceError.isInstance(error)).toBe(true);
    expect(HealthtraceError.isInstance(error, 'keyfile/bad-header')).toBe(true);
    expect(HealthtraceError.isInstance(error, 'other')).toBe(false);
    expect(HealthtraceError.isInstance(new Error('x'))).toBe(false);
    expect(HealthtraceError.isInstance(null)).toBe(false);
    expect(Object.keys(error)).not.toContain(Symbol.for('@healthtrace/error'));
  });

  it('recognises errors from another copy of the module, where instanceof fails', async () => {
    vi.resetModules();
    const other = await import('../src/errors');
    expect(other.HealthtraceError).not.toBe(HealthtraceError);
    const foreign = new other.HealthtraceError('qr/expired', 'expired');
    expect(foreign instanceof HealthtraceError).toBe(false);
    expect(HealthtraceError.isInstance(foreign, 'qr/expired')).toBe(true);
  });
});
