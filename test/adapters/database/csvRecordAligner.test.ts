import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvRecordAligner } from '../../../lib/adapters/database/csvRecordAligner';

describe('csvRecordAligner', () => {
  it('passes on only whole records, however the stream was cut', async () => {
    // Arrange: a quoted newline and a record split over three chunks
    const pieces = ['1,"a', '\nb"\n2,x', 'y\n3,', '"z"\n'].map((text) => Buffer.from(text));
    const out: string[] = [];

    // Act
    await pipeline(
      Readable.from(pieces),
      csvRecordAligner(),
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          out.push(chunk.toString('utf8'));
          done();
        },
      }),
    );

    // Assert
    expect(out).toEqual(['1,"a\nb"\n', '2,xy\n', '3,"z"\n']);
  });

  it('passes on an unfinished last record as it is', async () => {
    // Arrange
    const out: string[] = [];

    // Act
    await pipeline(
      Readable.from([Buffer.from('1,a\n2,b')]),
      csvRecordAligner(),
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          out.push(chunk.toString('utf8'));
          done();
        },
      }),
    );

    // Assert
    expect(out).toEqual(['1,a\n', '2,b']);
  });
});
