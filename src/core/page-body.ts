/** A fetched body as the counting stages take it: bytes plus what the response said they are. */
export interface PageBody {
  bytes: Buffer;
  /** Lower-case MIME type without parameters, e.g. `text/html`. */
  mimeType: string;
  /** The charset label from the Content-Type header, if any; the body's BOM or `<meta>` may override it. */
  charset?: string;
}
