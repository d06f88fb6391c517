// The API reference: typedoc reads the TSDoc comments of every public entry
// point (typedoc.json lists them) and writes Markdown to docs/api/, one page
// per entry point, which each package README links to. docs/api/ is build
// output (gitignored): regenerated from the sources, it never goes stale, and
// a change to a doc comment (or a new optimizer) touches no generated file.
// Prints how much of each package is documented.
//
//   pnpm docs:api            write docs/api/ (also part of `pnpm run docs`)
//   pnpm docs:api --check    fail unless every exported declaration has a doc
//                            comment, typedoc has no warnings (broken {@link}s,
//                            types used but not exported) and each package
//                            README links to its page (run by pnpm lint)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Application, DeclarationReflection, ReflectionKind, ReflectionType } from 'typedoc';

const root = resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const texts = new Map();
const out = check ? mkdtempSync(join(tmpdir(), 'downhill-api-')) : join(root, 'docs/api');

process.chdir(root);
const app = await Application.bootstrapWithPlugins({});
app.options.setValue('out', out);
const packages = app.options.getValue('packagesRequiringDocumentation');
const project = await app.convert();
if (!project) throw new Error('typedoc could not convert the sources (see above)');

const { rows, missing } = coverage(project, app.options.getValue('requiredToBeDocumented'), packages);
printCoverage(rows);
app.validate(project);
rmSync(out, { recursive: true, force: true });
await app.generateOutputs(project);

const problems = [];
if (app.logger.hasErrors() || app.logger.hasWarnings()) problems.push('typedoc warned (see above)');
if (missing.length) {
  console.error(`Not documented (${missing.length}):\n  ${missing.join('\n  ')}`);
  problems.push('every exported declaration needs a doc comment');
}
// Each package README links to its page(s) of the reference, and they exist.
for (const name of packages) {
  const dir = name.replace('@downhill/', '');
  const readme = readFileSync(join(root, 'packages', dir, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\((\.\.\/\.\.\/docs\/api\/[^)#]+)/g)].map((m) => m[1]);
  if (links.length === 0) problems.push(`packages/${dir}/README.md links to no page of docs/api`);
  for (const link of links) {
    const target = join(out, relative('docs/api', resolve('packages', dir, link)));
    try {
      readFileSync(target);
    } catch {
      problems.push(`packages/${dir}/README.md links to ${link}, which typedoc did not write`);
    }
  }
}
if (check) rmSync(out, { recursive: true, force: true });
else console.log(`API reference: ${relative(root, out)}/README.md`);
if (problems.length) {
  console.error(`docs:api: ${problems.join('; ')}`);
  if (check) process.exitCode = 1;
}

/**
 * What typedoc's notDocumented check looks at (the same walk as its
 * validateDocumentation: functions and methods once per signature, type
 * aliases of object types once, members of parameters not at all), per
 * package, but for members of object types nobody wrote (see `inferred`).
 */
function coverage(project, kindNames, packages) {
  let kinds = kindNames.reduce((all, name) => all | ReflectionKind[name], 0);
  if (kinds & ReflectionKind.FunctionOrMethod) kinds = (kinds | ReflectionKind.CallSignature) & ~ReflectionKind.FunctionOrMethod;
  if (kinds & ReflectionKind.Constructor) kinds = (kinds | ReflectionKind.ConstructorSignature) & ~ReflectionKind.Constructor;
  if (kinds & ReflectionKind.Accessor) kinds = (kinds | ReflectionKind.GetSignature | ReflectionKind.SetSignature) & ~ReflectionKind.Accessor;
  const queue = project.getReflectionsByKind(kinds);
  const seen = new Set();
  const counts = new Map(packages.map((name) => [name, { documented: 0, total: 0 }]));
  const missing = [];
  outer: while (queue.length) {
    const ref = queue.shift();
    if (seen.has(ref)) continue;
    seen.add(ref);
    for (let r = ref.parent; r; r = r.parent) if (r.kindOf(ReflectionKind.Parameter)) continue outer;
    if (ref.kindOf(ReflectionKind.TypeLiteral) && ref.parent?.kindOf(ReflectionKind.TypeAlias)) {
      queue.push(ref.parent);
      continue;
    }
    if (ref.kindOf(ReflectionKind.CallSignature) && ref.parent?.kindOf(ReflectionKind.TypeLiteral)) {
      queue.push(ref.parent.parent);
      continue;
    }
    if (ref.kindOf(ReflectionKind.ConstructorSignature) && ref.parent?.parent?.kindOf(ReflectionKind.TypeAlias)) {
      queue.push(ref.parent.parent);
      continue;
    }
    if (ref instanceof DeclarationReflection) {
      const signatures = ref.type instanceof ReflectionType ? ref.type.declaration.getNonIndexSignatures() : ref.getNonIndexSignatures();
      if (signatures.length) {
        queue.push(...signatures);
        if (ref.kindOf(ReflectionKind.SignatureContainer)) continue;
      }
    }
    if (inferred(ref)) continue;
    const id = project.getSymbolIdFromReflection(ref);
    const count = id && counts.get(id.packageName);
    if (!count) continue;
    count.total++;
    if (ref.hasComment() || (ref.kindOf(ReflectionKind.SomeSignature) && ref.parent?.hasComment())) count.documented++;
    else missing.push(`${relative(root, id.fileName)}:${lineOf(id.fileName, id.pos)}  ${ref.getFriendlyFullName()} (${ReflectionKind[ref.kind]})`);
  }
  return { rows: [...counts].map(([name, count]) => ({ name, ...count })), missing: missing.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) };
}

/**
 * A member of an object type nobody wrote down: inferred inside a type
 * argument or a constraint (`adam`'s hyperparameters, inferred from its
 * `defaults` into `OptimizerDefinition<{ learningRate: number; … }>`). The
 * declaration's own comment describes those; typedoc would ask for one each.
 */
function inferred(ref) {
  const literal = ref.parent;
  if (!ref.kindOf(ReflectionKind.Property) || !literal?.kindOf(ReflectionKind.TypeLiteral)) return false;
  const owner = literal.parent;
  return !(owner instanceof DeclarationReflection && owner.type instanceof ReflectionType && owner.type.declaration === literal);
}

function lineOf(file, pos) {
  if (!texts.has(file)) texts.set(file, readFileSync(file, 'utf8'));
  const text = texts.get(file);
  let at = Number.isFinite(pos) ? pos : 0;
  while (/\s/.test(text[at] ?? '')) at++;
  return text.slice(0, at).split('\n').length;
}

function printCoverage(rows) {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'package'.padEnd(width)}  documented`);
  for (const { name, documented, total } of rows) {
    const percent = total ? `${Math.floor((100 * documented) / total)} %` : '—';
    console.log(`${name.padEnd(width)}  ${`${documented}/${total}`.padStart(7)}  ${percent.padStart(5)}`);
  }
}
