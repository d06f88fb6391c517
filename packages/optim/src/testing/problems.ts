// The fixed problems the conformance suite runs every optimizer on. Exported
// so a contributor can compute golden steps on exactly the same problem.

/** A differentiable test function with a known minimum. */
export interface Problem {
  /** Its name, in messages. */
  readonly name: string;
  /** Where every run starts. */
  readonly start: readonly number[];
  /** Where the minimum is. */
  readonly minimum: readonly number[];
  /** f(w). */
  value(w: ArrayLike<number>): number;
  /** Writes ∇f(w) into `out`; allocates nothing, so the allocation check can call it between steps. */
  gradient(w: ArrayLike<number>, out: Float32Array | Float64Array): void;
}

/**
 * f(x, y) = ½ (x² + 50 y²): a bowl 50 times steeper across than along, so
 * plain gradient descent needs η < 2/50 and then crawls along x.
 */
export const illConditionedBowl: Problem = {
  name: 'ill-conditioned bowl ½(x² + 50y²)',
  start: [-4, 1],
  minimum: [0, 0],
  value: (w) => 0.5 * (w[0]! * w[0]! + 50 * w[1]! * w[1]!),
  gradient(w, out) {
    out[0] = w[0]!;
    out[1] = 50 * w[1]!;
  },
};

/** Rosenbrock's banana valley f(x, y) = (1 − x)² + 100 (y − x²)², from the classic start (−1.2, 1). */
export const rosenbrockProblem: Problem = {
  name: 'Rosenbrock (1 − x)² + 100(y − x²)²',
  start: [-1.2, 1],
  minimum: [1, 1],
  value: (w) => (1 - w[0]!) ** 2 + 100 * (w[1]! - w[0]! ** 2) ** 2,
  gradient(w, out) {
    const x = w[0]!,
      y = w[1]!;
    out[0] = -2 * (1 - x) - 400 * x * (y - x * x);
    out[1] = 200 * (y - x * x);
  },
};

/**
 * The golden-steps problem: f(w) = ½ Σ cᵢ (wᵢ − w*ᵢ)² with c = (1, 4, 0.25),
 * w* = (0.5, 0.25, −1), from w₀ = (1, −2, 0.5); so ∇f(w)ᵢ = cᵢ (wᵢ − w*ᵢ).
 * Golden steps are w₁, w₂, ... under the optimizer's defaults.
 */
export const goldenProblem: Problem = {
  name: 'golden quadratic ½Σcᵢ(wᵢ − w*ᵢ)²',
  start: [1, -2, 0.5],
  minimum: [0.5, 0.25, -1],
  value(w) {
    let f = 0;
    for (let i = 0; i < 3; i++) f += 0.5 * GOLDEN_C[i]! * (w[i]! - GOLDEN_MIN[i]!) ** 2;
    return f;
  },
  gradient(w, out) {
    for (let i = 0; i < 3; i++) out[i] = GOLDEN_C[i]! * (w[i]! - GOLDEN_MIN[i]!);
  },
};

const GOLDEN_C = [1, 4, 0.25];
const GOLDEN_MIN = [0.5, 0.25, -1];

const COUPLED_A = [
  [3, 1, 0],
  [1, 2, 0.5],
  [0, 0.5, 1],
];
const COUPLED_B = [1, -1, 0.5];

/**
 * The agreement problem: f(θ) = ½ θᵀAθ − bᵀθ with a coupled A (rows
 * (3, 1, 0), (1, 2, 0.5), (0, 0.5, 1)) and b = (1, −1, 0.5), so ∇f = Aθ − b
 * mixes the coordinates; from θ₀ = (0.8, −1.3, 2.1), every θᵢ stays of order 1
 * over the first steps, which makes a 1e-6 relative agreement a real bound.
 * Its minimum is A⁻¹b = (12, −19, 18)/17, where f = −½ bᵀA⁻¹b = −20/17.
 */
export const coupledQuadratic: Problem = {
  name: 'coupled quadratic ½θᵀAθ − bᵀθ',
  start: [0.8, -1.3, 2.1],
  minimum: [12 / 17, -19 / 17, 18 / 17],
  value(w) {
    let f = 0;
    for (let i = 0; i < 3; i++) {
      let row = 0;
      for (let j = 0; j < 3; j++) row += COUPLED_A[i]![j]! * w[j]!;
      f += 0.5 * w[i]! * row - COUPLED_B[i]! * w[i]!;
    }
    return f;
  },
  gradient(w, out) {
    for (let i = 0; i < 3; i++) {
      let row = 0;
      for (let j = 0; j < 3; j++) row += COUPLED_A[i]![j]! * w[j]!;
      out[i] = row - COUPLED_B[i]!;
    }
  },
};
