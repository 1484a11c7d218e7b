import ts from 'typescript';
import type { ApiChange } from './change.ts';

/**
 * The changes from one db.ts to the next that break code importing it, read
 * from the exported declarations' text (no type checking, so cheap): a
 * removed export, a removed or retyped property of an exported object type,
 * a property that became required, a value a literal union or a `…Values`
 * array no longer has, and any other change to an exported declaration.
 * Additions are left out: a new export, property or allowed value breaks no
 * importer.
 */

type Shape =
  | { kind: 'object'; properties: Map<string, { optional: boolean; type: string }> }
  | { kind: 'set'; members: string[] }
  | { kind: 'text'; text: string };

const squeeze = (text: string): string => text.replace(/\s+/g, ' ').replace(/^\| /, '').trim();

function shapeOfType(node: ts.TypeNode, source: ts.SourceFile): Shape {
  if (ts.isTypeLiteralNode(node)) return objectShape(node.members, source);
  if (ts.isUnionTypeNode(node) && node.types.every(ts.isLiteralTypeNode)) {
    return { kind: 'set', members: node.types.map((t) => t.getText(source)) };
  }
  return { kind: 'text', text: squeeze(node.getText(source)) };
}

function objectShape(members: ts.NodeArray<ts.TypeElement>, source: ts.SourceFile): Shape {
  const properties = new Map<string, { optional: boolean; type: string }>();
  for (const member of members) {
    if (ts.isPropertySignature(member)) {
      properties.set(member.name.getText(source), { optional: member.questionToken !== undefined, type: squeeze(member.type?.getText(source) ?? 'any') });
    } else {
      properties.set(squeeze(member.getText(source)), { optional: false, type: '' });
    }
  }
  return { kind: 'object', properties };
}

/** `[...] as const satisfies …`: the array's elements. */
function shapeOfValue(node: ts.Expression | undefined, source: ts.SourceFile): Shape {
  let inner = node;
  while (inner && (ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner))) inner = inner.expression;
  if (inner && ts.isArrayLiteralExpression(inner)) return { kind: 'set', members: inner.elements.map((e) => e.getText(source)) };
  return { kind: 'text', text: squeeze(node?.getText(source) ?? '') };
}

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Every exported declaration by name ("type X", "value x": a type and a value may share a name). */
export function exportedShapes(text: string): Map<string, Shape> {
  const source = ts.createSourceFile('db.ts', text, ts.ScriptTarget.Latest, true);
  const shapes = new Map<string, Shape>();
  for (const statement of source.statements) {
    if (!isExported(statement)) continue;
    if (ts.isTypeAliasDeclaration(statement)) shapes.set(`type ${statement.name.text}`, shapeOfType(statement.type, source));
    else if (ts.isInterfaceDeclaration(statement)) shapes.set(`type ${statement.name.text}`, objectShape(statement.members, source));
    else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        shapes.set(`value ${declaration.name.getText(source)}`, shapeOfValue(declaration.initializer, source));
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      shapes.set(`value ${statement.name.text}`, { kind: 'text', text: squeeze(statement.getText(source)) });
    }
  }
  return shapes;
}

function shapeChanges(name: string, before: Shape, after: Shape): string[] {
  if (before.kind === 'object' && after.kind === 'object') {
    return [...before.properties].flatMap(([property, old]) => {
      const now = after.properties.get(property);
      if (!now) return [`Property '${name}.${property}' was removed`];
      if (now.type !== old.type) return [`Property '${name}.${property}' changed type from '${old.type}' to '${now.type}'`];
      return old.optional && !now.optional ? [`Property '${name}.${property}' became required`] : [];
    });
  }
  if (before.kind === 'set' && after.kind === 'set') {
    return before.members.filter((m) => !after.members.includes(m)).map((m) => `Value ${m} was removed from '${name}'`);
  }
  const text = (shape: Shape): string => (shape.kind === 'text' ? shape.text : shape.kind);
  return before.kind === after.kind && text(before) === text(after) ? [] : [`Export '${name}' changed from '${text(before)}' to '${text(after)}'`];
}

/** The breaking changes from the previous db.ts text to the next one, for file. */
export function exportChanges(file: string, previous: string, next: string): ApiChange[] {
  const after = exportedShapes(next);
  return [...exportedShapes(previous)].flatMap(([key, shape]) => {
    const name = key.replace(/^\S+ /, '');
    const now = after.get(key);
    const messages = now ? shapeChanges(name, shape, now) : [`Export '${name}' was removed`];
    return messages.map((message): ApiChange => ({ file, level: 'breaking', message }));
  });
}
