import { derivative, isComplex, parse, type EvalFunction, type MathNode } from 'mathjs';
import { describeFunction } from './format.js';
import type { Landscape } from './landscape.js';
import { LandscapeError } from './landscape-error.js';
import { registerRawEvaluator } from './raw-value.js';

/** Options of `landscapeFromText`. */
export interface LandscapeFromTextOptions {
  /** The variables, in order (`['w']`, `['x', 'y']`, `['w', 'b']`); by default inferred (see below). */
  variables?: string[];
}

/** Names mathjs resolves to numbers; any other free symbol is a variable. */
const CONSTANTS = new Set(['pi', 'PI', 'e', 'E', 'tau', 'phi', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT1_2', 'SQRT2']);

// An ordinary point: not 0 or 1, where special cases hide.
const PROBE_POINT = [0.5, 0.25];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a node that cannot be part of f(x, y) is, in words. */
const NOT_A_FORMULA: Record<string, string> = {
  ArrayNode: 'a matrix',
  AssignmentNode: 'an assignment (type only the right-hand side)',
  BlockNode: 'several expressions',
  AccessorNode: 'a property or index access',
  ConditionalNode: 'a conditional (a ? b : c), which has no derivative',
  ObjectNode: 'an object',
  RangeNode: 'a range',
  IndexNode: 'an index',
  RelationalNode: 'a comparison',
};

/**
 * Parses a function of one variable (`(w - 2)^2`) or of x and y (`x^2 + 10 y^2`)
 * and differentiates it symbolically, once; evaluating it afterwards reuses one scope.
 *
 * Without `options.variables`, the free symbols must be a single name (a 1-D landscape)
 * or a subset of x, y (2-D). `f(w, b) = ...` declares the variables in the text.
 */
export function landscapeFromText(text: string, options: LandscapeFromTextOptions = {}): Landscape {
  if (typeof text !== 'string') {
    throw new LandscapeError('bad-argument', `expected the function as text, found ${typeof text}`);
  }
  const trimmed = text.trim();
  const quoted = JSON.stringify(trimmed);
  if (trimmed === '') {
    throw new LandscapeError('parse', 'the function is empty: expected a formula such as x^2 + 10 y^2');
  }

  let root: MathNode;
  try {
    root = parse(trimmed);
  } catch (error) {
    throw new LandscapeError('parse', `${quoted} does not parse: ${messageOf(error)}`);
  }

  // `f(x, y) = ...` names its variables; the body is what we differentiate.
  let body = root;
  let expression = trimmed;
  let declared: string[] | undefined;
  if (root.type === 'FunctionAssignmentNode') {
    const assignment = root as unknown as { params: string[]; expr: MathNode };
    body = assignment.expr;
    declared = assignment.params;
    expression = trimmed.slice(trimmed.indexOf('=') + 1).trim();
  }

  const symbols = inspect(body, quoted);
  const variables = chooseVariables(symbols, options.variables, declared, quoted);
  const dimension = variables.length as 1 | 2;

  const scope = new Map<string, number>(variables.map((v) => [v, 0]));
  const setScope = (p: ArrayLike<number>): void => {
    for (let i = 0; i < dimension; i++) scope.set(variables[i], p[i]);
  };
  const valueCode = body.compile();
  setScope(PROBE_POINT);
  probe(valueCode, scope, quoted);

  const described = describeFunction({ variables, expression });
  const derivativeNodes = variables.map((v) => differentiate(body, v, described));
  const gradientCode: EvalFunction[] = derivativeNodes.map((node) => node.compile());

  const landscape: Landscape = {
    name: trimmed,
    expression,
    variables,
    dimension,
    derivatives: derivativeNodes.map((node) => node.toString()),
    value(p) {
      setScope(p);
      return evaluateReal(valueCode, scope);
    },
    gradient(p, out) {
      setScope(p);
      for (let i = 0; i < dimension; i++) out[i] = evaluateReal(gradientCode[i], scope);
    },
  };
  registerRawEvaluator(landscape, (p) => {
    setScope(p);
    try {
      return valueCode.evaluate(scope);
    } catch (error) {
      return error;
    }
  });
  return landscape;
}

/** Checks every node can be part of a real function and returns the free symbols, in order of appearance. */
function inspect(body: MathNode, quoted: string): string[] {
  const symbols: string[] = [];
  body.traverse((node, _path, parent) => {
    const found = NOT_A_FORMULA[node.type];
    if (found !== undefined) {
      throw new LandscapeError('not-a-function', `${quoted} is not a function of numbers: found ${found}`);
    }
    if (node.type === 'ConstantNode') {
      const value = (node as unknown as { value: unknown }).value;
      if (typeof value !== 'number') {
        throw new LandscapeError('not-a-function', `${quoted} is not a function of numbers: found the ${typeof value} ${JSON.stringify(value)}`);
      }
    } else if (node.type === 'FunctionNode') {
      const fn = (node as unknown as { fn: MathNode }).fn;
      const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : undefined;
      if (name === undefined) {
        throw new LandscapeError('not-a-function', `${quoted} is not a function of numbers: found a call of ${fn.toString()}`);
      }
      if (!isMathFunction(name)) {
        throw new LandscapeError('unknown-function', `unknown function ${name} in ${quoted}: expected a mathjs function such as sin, exp, sqrt or abs`);
      }
    } else if (node.type === 'SymbolNode') {
      const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === node;
      const name = (node as unknown as { name: string }).name;
      if (!isCallee && !CONSTANTS.has(name) && !symbols.includes(name)) symbols.push(name);
    }
  });
  return symbols;
}

function isMathFunction(name: string): boolean {
  // Asking mathjs itself, so the list is exactly what evaluate will accept.
  try {
    return typeof parse(name).compile().evaluate(new Map()) === 'function';
  } catch {
    return false;
  }
}

function chooseVariables(symbols: string[], requested: string[] | undefined, declared: string[] | undefined, quoted: string): string[] {
  if (requested !== undefined) validateVariables(requested, 'options.variables');
  if (declared !== undefined) validateVariables(declared, `the declaration in ${quoted}`);
  if (requested !== undefined && declared !== undefined && requested.join() !== declared.join()) {
    throw new LandscapeError('bad-argument', `${quoted} declares variables (${declared.join(', ')}) but options.variables is (${requested.join(', ')})`);
  }
  const expected = requested ?? declared;
  if (expected !== undefined) {
    const unknown = symbols.find((s) => !expected.includes(s));
    if (unknown !== undefined) {
      throw new LandscapeError('unknown-variable', `unknown variable ${unknown}: expected a function of ${listNames(expected)}`);
    }
    return [...expected];
  }
  const convention = 'expected a function of x and y (or of one variable)';
  if (symbols.length === 0) {
    throw new LandscapeError('no-variable', `${quoted} has no variable: ${convention}`);
  }
  if (symbols.length === 1) return [symbols[0]];
  if (symbols.length > 2) {
    throw new LandscapeError('too-many-variables', `too many variables (${symbols.join(', ')}) in ${quoted}: ${convention}`);
  }
  const unknown = symbols.find((s) => s !== 'x' && s !== 'y');
  if (unknown !== undefined) {
    throw new LandscapeError('unknown-variable', `unknown variable ${unknown}: ${convention}`);
  }
  return ['x', 'y'];
}

function validateVariables(names: string[], where: string): void {
  if (!Array.isArray(names) || names.length < 1 || names.length > 2) {
    throw new LandscapeError('bad-argument', `${where}: expected one or two variable names, found ${JSON.stringify(names)}`);
  }
  for (const name of names) {
    if (typeof name !== 'string' || !IDENTIFIER.test(name) || CONSTANTS.has(name)) {
      throw new LandscapeError('bad-argument', `${where}: expected variable names like x or w, found ${JSON.stringify(name)}`);
    }
  }
  if (names.length === 2 && names[0] === names[1]) {
    throw new LandscapeError('bad-argument', `${where}: expected two different variable names, found ${names[0]} twice`);
  }
}

function listNames(names: string[]): string {
  return names.length === 1 ? names[0] : `${names[0]} and ${names[1]}`;
}

/** Evaluates once at an ordinary point to catch what parses but cannot compute (wrong argument counts, booleans). */
function probe(code: EvalFunction, scope: Map<string, number>, quoted: string): void {
  let result: unknown;
  try {
    result = code.evaluate(scope);
  } catch (error) {
    // A TypeError is mathjs refusing the arguments anywhere; other errors may be local (nthRoot(-1, 2)).
    if (error instanceof TypeError) {
      throw new LandscapeError('not-a-function', `${quoted} cannot be evaluated: ${messageOf(error)}`);
    }
    return;
  }
  if (typeof result !== 'number' && !isComplex(result)) {
    const found = typeof result === 'object' && result !== null ? `a ${result.constructor.name}` : `a ${typeof result}`;
    throw new LandscapeError('not-a-function', `${quoted} is not a function of numbers: it gives ${found}`);
  }
}

function differentiate(body: MathNode, variable: string, described: string): MathNode {
  try {
    return derivative(body, variable);
  } catch (error) {
    try {
      // Simplification can fail where plain differentiation does not.
      return derivative(body, variable, { simplify: false });
    } catch {
      const message = messageOf(error);
      const fn = /Cannot process function "([^"]+)"/.exec(message);
      const op = /Cannot process operator "([^"]+)"/.exec(message);
      const what = fn ? `the function ${fn[1]}()` : op ? `the operator ${op[1]}` : undefined;
      throw new LandscapeError(
        'no-derivative',
        what
          ? `cannot differentiate ${described} with respect to ${variable}: mathjs has no derivative for ${what}`
          : `cannot differentiate ${described} with respect to ${variable}: ${message}`,
      );
    }
  }
}

/** Real results only: a complex value, an error or a non-number is NaN, so descent stops rather than throws. */
function evaluateReal(code: EvalFunction, scope: Map<string, number>): number {
  let result: unknown;
  try {
    result = code.evaluate(scope);
  } catch {
    return Number.NaN;
  }
  if (typeof result === 'number') return result;
  if (isComplex(result)) return result.im === 0 ? result.re : Number.NaN;
  return Number.NaN;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
