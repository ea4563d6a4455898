import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const REPORTING = join(import.meta.dirname, "../../src/reporting");
const TRANSLATE = /(^|\/)i18n\/translate\.js$/;

/** Each way `file` loads the translate module at runtime, as `file: statement`. */
function runtimeTranslateImports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(REPORTING, file), "utf8"),
    ts.ScriptTarget.Latest,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const specifier =
      ts.isImportDeclaration(node) || ts.isExportDeclaration(node)
        ? node.moduleSpecifier
        : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
          ? node.arguments[0]
          : undefined;
    if (specifier && ts.isStringLiteral(specifier) && TRANSLATE.test(specifier.text)) {
      // Only a whole `import type` / `export type` is erased; `import { type X }` still loads
      // the module under verbatimModuleSyntax.
      const typeOnly = ts.isImportDeclaration(node)
        ? node.importClause?.isTypeOnly === true
        : ts.isExportDeclaration(node) && node.isTypeOnly;
      if (!typeOnly) found.push(`${file}: ${node.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("src/reporting stays pure", () => {
  it("imports the translate module only for its types: the translator comes in the context", () => {
    const files = readdirSync(REPORTING).filter((name) => name.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap(runtimeTranslateImports)).toEqual([]);
  });
});
