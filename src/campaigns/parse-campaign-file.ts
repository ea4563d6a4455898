import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type YAMLError,
} from "yaml";
import type { z } from "zod";
import type { Translate } from "../i18n/translate.js";
import {
  allowedKeysAt,
  type CampaignFile,
  campaignErrorKey,
  ZCampaignFile,
} from "./campaign-file-schema.js";
import {
  type CampaignReferenceError,
  checkCampaignReferences,
  type PathSegment,
} from "./check-campaign-references.js";

/**
 * One problem in a campaign file, located at a 1-based line and column. `path` names
 * the field (`tasks[2].owners[0]`, empty for YAML syntax errors); `code` is the prompt
 * key of the message (`campaign.errors.unknownKey`) and `params` fill its placeholders.
 */
export type CampaignFileError = {
  file: string;
  line: number;
  column: number;
  path: string;
  code: string;
  params: Record<string, string | number>;
};

/** The campaign, or every error found in the file, sorted by position. */
export type ParseResult =
  | { ok: true; campaign: CampaignFile }
  | { ok: false; errors: CampaignFileError[] };

/** An error whose position is still to be found; `at: "key"` points at the mapping key. */
type UnlocatedError = CampaignReferenceError & { at?: "key" | "value" };

/** Renders `["tasks", 2, "owners", 0]` as `tasks[2].owners[0]`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join("");
}

/** Longest value quoted in a message before it is cut. */
const MAX_VALUE_LENGTH = 60;

function displayValue(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** An empty YAML value (`description:`) counts as a missing field, not as `null`. */
function withoutNullValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullValues);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).filter(([, child]) => child !== null);
  return Object.fromEntries(entries.map(([key, child]) => [key, withoutNullValues(child)]));
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

const EXPECTED_TYPE_CODES: Partial<Record<string, string>> = {
  object: "expectedMapping",
  array: "expectedList",
  string: "expectedText",
  number: "expectedNumber",
  int: "expectedInteger",
  boolean: "expectedBoolean",
};

/** The message of a zod issue raised by a built-in check rather than by a campaign rule. */
function genericMessage(issue: z.core.$ZodIssue): { name: string; params: Record<string, string> } {
  switch (issue.code) {
    case "invalid_type":
      return {
        name: EXPECTED_TYPE_CODES[issue.expected] ?? "expectedType",
        params: { expected: issue.expected },
      };
    case "invalid_value": {
      const values = issue.values.map(String);
      return values.length === 1
        ? { name: "expectedValue", params: { expected: values[0] ?? "" } }
        : { name: "expectedOneOf", params: { values: values.join(", ") } };
    }
    case "too_small": {
      const minimum = String(issue.minimum);
      if (issue.origin === "string") return { name: "emptyText", params: {} };
      if (issue.origin === "array") return { name: "tooFewItems", params: { minimum } };
      return { name: "tooSmall", params: { minimum } };
    }
    case "too_big": {
      const maximum = String(issue.maximum);
      if (issue.origin === "string") return { name: "tooLong", params: { maximum } };
      if (issue.origin === "array") return { name: "tooManyItems", params: { maximum } };
      return { name: "tooLarge", params: { maximum } };
    }
    default:
      return { name: "invalidValue", params: {} };
  }
}

/** Turns one zod issue into errors (an issue about unknown keys gives one per key). */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): UnlocatedError[] {
  const path = issue.path.map((segment) =>
    typeof segment === "number" ? segment : String(segment),
  );
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeysAt(path).join(", ");
    return issue.keys.map((key) => ({
      path: [...path, key],
      code: campaignErrorKey("unknownKey"),
      params: { key, allowed },
      at: "key",
    }));
  }
  const value = valueAt(data, path);
  const field = String(path.at(-1) ?? "");
  if (path.length === 0 && (value === undefined || value === null)) {
    return [{ path, code: campaignErrorKey("emptyFile"), params: {} }];
  }
  if (value === undefined) {
    return [{ path, code: campaignErrorKey("missingField"), params: { field } }];
  }
  const params = { field, value: displayValue(value) };
  if (issue.message.startsWith(campaignErrorKey(""))) {
    // A campaign rule may fill placeholders of its own (`{min}`) or show the value its way.
    const own: Record<string, string | number> =
      issue.code === "custom" ? (issue.params ?? {}) : {};
    return [{ path, code: issue.message, params: { ...params, ...own } }];
  }
  const generic = genericMessage(issue);
  return [{ path, code: campaignErrorKey(generic.name), params: { ...params, ...generic.params } }];
}

/**
 * The offset in the source of the node at `path`: its key or value, or, where the path
 * leaves the document (a missing field), the nearest existing parent.
 */
function offsetOf(doc: Document, path: readonly PathSegment[], at: "key" | "value"): number {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  const startOf = (candidate: unknown) =>
    isNode(candidate) && candidate.range ? candidate.range[0] : undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (!pair) return startOf(keyNode) ?? startOf(node) ?? 0;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      keyNode = undefined;
      node = node.items[segment];
    } else {
      return startOf(keyNode) ?? startOf(node) ?? 0;
    }
  }
  const empty = isScalar(node) && node.value === null;
  if (at === "key" || empty) return startOf(keyNode) ?? startOf(node) ?? 0;
  return startOf(node) ?? startOf(keyNode) ?? 0;
}

function locateAll(options: {
  errors: UnlocatedError[];
  doc: Document;
  lineCounter: LineCounter;
  fileName: string;
}): CampaignFileError[] {
  const { errors, doc, lineCounter, fileName } = options;
  const lineOf = (path: readonly PathSegment[], at: "key" | "value" = "value") =>
    lineCounter.linePos(offsetOf(doc, path, at));
  return errors.map((error) => {
    const { line, col } = lineOf(error.path, error.at);
    const params = { ...error.params };
    if (error.firstPath) {
      params.first = formatPath(error.firstPath);
      params.firstLine = lineOf(error.firstPath).line;
    }
    const path = formatPath(error.path);
    return { file: fileName, line, column: col, path, code: error.code, params };
  });
}

const YAML_ERROR_CODES: Partial<Record<string, string>> = {
  DUPLICATE_KEY: "yamlDuplicateKey",
  TAB_AS_INDENT: "yamlTabIndent",
  BLOCK_AS_IMPLICIT_KEY: "yamlColonInValue",
};

/** YAML errors located, one per line (the parser often reports a cascade on one line). */
function describeYamlErrors(options: {
  errors: readonly YAMLError[];
  text: string;
  lineCounter: LineCounter;
  fileName: string;
}): CampaignFileError[] {
  const { errors, text, lineCounter, fileName } = options;
  const seenLines = new Set<number>();
  return errors.flatMap((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    if (seenLines.has(line)) return [];
    seenLines.add(line);
    const code = campaignErrorKey(YAML_ERROR_CODES[error.code] ?? "yamlSyntax");
    const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0].trim() ?? "";
    const detail = error.message.split("\n")[0] ?? "";
    return [{ file: fileName, line, column: col, path: "", code, params: { detail, key } }];
  });
}

function byPosition(a: CampaignFileError, b: CampaignFileError): number {
  return a.line - b.line || a.column - b.column || a.path.localeCompare(b.path);
}

/**
 * Parses and validates a campaign file: YAML syntax, then the schema, then the
 * cross-references. Reports every error of the first stage that fails.
 *
 * @example
 * const result = parseCampaignFile({ text, fileName: "examples/ankang-2022-q2.yaml" });
 * if (!result.ok) for (const error of result.errors) console.error(formatCampaignFileError(error, t));
 */
export function parseCampaignFile(options: { text: string; fileName: string }): ParseResult {
  const { text, fileName } = options;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, schema: "core" });
  const fail = (errors: CampaignFileError[]): ParseResult => ({
    ok: false,
    errors: errors.sort(byPosition),
  });
  if (doc.errors.length > 0) {
    return fail(describeYamlErrors({ errors: doc.errors, text, lineCounter, fileName }));
  }
  let data: unknown;
  try {
    data = withoutNullValues(doc.toJS({ maxAliasCount: 100 }));
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : String(error);
    const code = campaignErrorKey("yamlSyntax");
    return fail([{ file: fileName, line: 1, column: 1, path: "", code, params: { detail } }]);
  }
  const parsed = ZCampaignFile.safeParse(data);
  const unlocated = parsed.success
    ? checkCampaignReferences(parsed.data)
    : parsed.error.issues.flatMap((issue) => describeIssue(issue, data));
  if (parsed.success && unlocated.length === 0) return { ok: true, campaign: parsed.data };
  return fail(locateAll({ errors: unlocated, doc, lineCounter, fileName }));
}

/**
 * Locates errors found after parsing (an import that conflicts with the database) in
 * the file they came from, sorted by position.
 *
 * @param options.errors paths into the file (`["members", 3, "telegram"]`) with their codes
 */
export function locateCampaignPaths(options: {
  text: string;
  fileName: string;
  errors: readonly CampaignReferenceError[];
}): CampaignFileError[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(options.text, { lineCounter, prettyErrors: false, schema: "core" });
  const { fileName } = options;
  return locateAll({ errors: [...options.errors], doc, lineCounter, fileName }).sort(byPosition);
}

/**
 * One line for a terminal or a chat: `file:line:column  path: message`.
 *
 * @example formatCampaignFileError(error, translatorFor("en"))
 * // "campaign.yaml:12:15  campaign.timeZone: expected an IANA time zone …"
 */
export function formatCampaignFileError(error: CampaignFileError, translate: Translate): string {
  const location = `${error.file}:${error.line}:${error.column}`;
  const message = translate(error.code, error.params);
  return error.path ? `${location}  ${error.path}: ${message}` : `${location}  ${message}`;
}
