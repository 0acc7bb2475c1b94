import { z } from 'zod';
import { rayClusterRequestSchema } from './request';
import { JsonSchemaNode, knownKeysAt, unknownKeyFix } from './unknownKeys';

describe('knownKeysAt', () => {
  it('follows every alternative of a union, as zod writes optional and nullable objects', () => {
    const schema = {
      properties: {
        license: {
          anyOf: [
            { properties: { secretName: {}, secretKey: {} } },
            { anyOf: [{ properties: { plainText: {} } }, {}] },
          ],
        },
        groups: {
          anyOf: [{ items: { properties: { name: {}, replicas: {} } } }, {}],
        },
      },
    };

    expect(knownKeysAt(['license'], schema)).toEqual([
      'secretName',
      'secretKey',
      'plainText',
    ]);
    expect(knownKeysAt(['groups', 0], schema)).toEqual(['name', 'replicas']);
  });

  it("lists the request's own fields", () => {
    const request = z.toJSONSchema(rayClusterRequestSchema, {
      io: 'input',
    }) as JsonSchemaNode;

    expect(knownKeysAt(['images'], request)).toEqual(
      expect.arrayContaining(['rayTag', 'operatorTag', 'pullPolicy']),
    );
    expect(knownKeysAt(['no', 'such', 'path'], request)).toEqual([]);
  });
});

describe('unknownKeyFix', () => {
  it('names the nearest field, or lists them, or says none is taken', () => {
    expect(unknownKeyFix('nmae', ['name', 'namespace'])).toMatch(
      /Did you mean "name"/,
    );
    expect(unknownKeyFix('vaultPath', ['secretName', 'plainText'])).toBe(
      'Remove the field; the fields here are: secretName, plainText.',
    );
    expect(unknownKeyFix('x', [])).toBe(
      'Remove the field; nothing here takes fields.',
    );
  });
});
