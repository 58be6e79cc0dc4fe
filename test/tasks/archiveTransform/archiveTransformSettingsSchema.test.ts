import { archiveTransformSettingsSchema } from '../../../lib/tasks/archiveTransform/archiveTransformSettingsSchema';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';

const parse = (value: string | undefined) =>
  parseTaskSettings(archiveTransformSettingsSchema, { ARCHIVE_PAYLOAD_FIELDS: value });

describe('archiveTransformSettingsSchema', () => {
  it('reads the payload fields the construct writes as JSON', () => {
    // Act / Assert
    expect(parse('{"itemId":"bigint","price":"decimal(12,2)"}')).toEqual({
      ARCHIVE_PAYLOAD_FIELDS: { itemId: 'bigint', price: 'decimal(12,2)' },
    });
    expect(parse('{}')).toEqual({ ARCHIVE_PAYLOAD_FIELDS: {} });
  });

  it.each([
    ['unset', undefined, 'is not set; allowed: a JSON object of field → Athena type'],
    [
      'not JSON',
      'itemId=bigint',
      'is "itemId=bigint"; not JSON; allowed: a JSON object of field → Athena type',
    ],
    ['not an object', '["bigint"]', 'is "["bigint"]"; allowed: a JSON object of field → Athena type'],
    [
      'not an Athena type',
      '{"itemId":"long"}',
      'is "{"itemId":"long"}"; received "long"; allowed Athena types',
    ],
  ])('refuses a value that is %s, naming the variable', (_case, value, message) => {
    // Act / Assert
    expect(() => parse(value)).toThrow(`Environment variable ARCHIVE_PAYLOAD_FIELDS ${message}`);
  });
});
