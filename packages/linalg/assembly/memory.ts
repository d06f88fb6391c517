// Small helpers over raw linear memory. Every pointer is a byte address in the
// memory the JavaScript side allocates and passes in; nothing here allocates.

/** The f32 at element `index` of the array at `base`. */
@inline export function f32At(base: usize, index: i32): f32 {
  return load<f32>(base + (<usize>index << 2));
}

@inline export function setF32(base: usize, index: i32, value: f32): void {
  store<f32>(base + (<usize>index << 2), value);
}

@inline export function i32At(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2));
}

@inline export function setI32(base: usize, index: i32, value: i32): void {
  store<i32>(base + (<usize>index << 2), value);
}

/** acc + a·b lane by lane: a multiply, then an add, each rounded (wasm never fuses them, so every engine gives the same bits). */
@inline export function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * Store the first `lanes` (1 … 4) lanes of `v` at `at`: the last, partial
 * vector of a row whose length is not a multiple of 4.
 */
@inline export function storeLanes(at: usize, v: v128, lanes: i32): void {
  if (lanes >= 4) {
    v128.store(at, v);
    return;
  }
  store<f32>(at, f32x4.extract_lane(v, 0));
  if (lanes > 1) store<f32>(at, f32x4.extract_lane(v, 1), 4);
  if (lanes > 2) store<f32>(at, f32x4.extract_lane(v, 2), 8);
}

/** The first `lanes` (1 … 4) numbers at `at`, zeros after them. Reads nothing past them. */
@inline export function loadLanes(at: usize, lanes: i32): v128 {
  if (lanes >= 4) return v128.load(at);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(at));
  if (lanes > 1) v = f32x4.replace_lane(v, 1, load<f32>(at, 4));
  if (lanes > 2) v = f32x4.replace_lane(v, 2, load<f32>(at, 8));
  return v;
}

/** (l0 + l2) + (l1 + l3): a vector's four partial sums added in one fixed order. */
@inline export function sumLanes(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}
