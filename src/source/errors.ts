/** Where in the input something went wrong. Every field that is known is filled in. */
export interface InputLocation {
  file?: string;
  /** Byte offset in the XML stream (after decompression and transcoding). */
  offset?: number;
  page?: string;
  revision?: string;
}

/**
 * Bad or unreadable input: the CLI turns it into exit code 2 and a message that says
 * where, after writing the reports of everything read before it.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly where: InputLocation = {},
  ) {
    super(message);
  }
}
