/**
 * `Content-Disposition` for a download: the name as ASCII (other characters as `_`, quotes
 * and backslashes dropped) for old clients, and in full as RFC 5987 `filename*`.
 *
 * @example contentDisposition("通报 2022Q2.docx") // attachment; filename="__ 2022Q2.docx"; filename*=UTF-8''%E9%80%9A…
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
