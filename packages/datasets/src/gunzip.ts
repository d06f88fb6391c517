// gzip (RFC 1952) around DEFLATE (RFC 1951), decoded here rather than by a
// library so that the decoder, not the file, decides how much memory is used:
// every byte is written into a buffer whose size the caller fixed from the
// first bytes of output (the IDX header), and one byte more is an error at once.
// Each member's CRC32 and length (ISIZE) are checked, and members may follow one
// another, as the RFC allows (`cat a.gz b.gz` is a valid gzip file).
import { IdxFormatError } from './errors.js';

/** How much output the caller allows, and why (for the error message if the data goes on). */
export interface OutputLimit {
  bytes: number;
  why: string;
}

/**
 * Output bytes the caller needs to see before it can set the limit: an IDX
 * header is at most 4 + 4 × 255 bytes. Until then output goes to a small buffer.
 */
const HEAD = 1024;

/**
 * The bytes of every gzip member in `input`, one after the other. `limitFor`
 * is called once, with the first `HEAD` bytes of output (or more), and returns
 * the total output allowed; it may throw. Errors are `IdxFormatError`s naming `source`.
 */
export function gunzip(input: Uint8Array, source: string, limitFor: (head: Uint8Array) => OutputLimit): Uint8Array {
  const fail = (expected: string, found: string): never => {
    throw new IdxFormatError(source, expected, found);
  };
  const output = new Output(fail, limitFor);
  // One inflater for all members, so a file of many tiny members allocates its tables once.
  const inflater = new Inflater(input, fail, output);
  let at = 0;
  for (let member = 1; ; member++) {
    const where = `gzip member ${member}`;
    at = memberHeader(input, at, where, fail);
    const start = output.length;
    at = inflater.run(at, where);
    const { buffer: out, length } = output;

    if (input.length - at < 8) fail(`an 8-byte trailer (CRC32 and length) after the data of ${where}`, `${input.length - at} bytes (truncated file)`);
    const view = new DataView(input.buffer, input.byteOffset + at, 8);
    const crc = crc32(out, start, length);
    const storedCrc = view.getUint32(0, true);
    if (crc !== storedCrc) fail(`the data of ${where} to match its CRC32 ${hex32(storedCrc)}`, `${hex32(crc)} (the file is corrupt)`);
    const size = length - start;
    const storedSize = view.getUint32(4, true);
    if (size % 2 ** 32 !== storedSize) fail(`the data of ${where} to match its length ${storedSize} (modulo 2³²)`, `${size} bytes (the file is corrupt)`);
    at += 8;

    if (at === input.length) return out.subarray(0, length);
    if (input[at] !== 0x1f || input[at + 1] !== 0x8b) {
      const shown = Array.from(input.subarray(at, at + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
      fail(
        `the end of the data or another gzip member (1f 8b) after ${where}`,
        `${input.length - at} more bytes (${shown}${input.length - at > 4 ? ' …' : ''})`,
      );
    }
  }
}

/** The output so far, in a buffer that grows only as far as the caller's limit. */
class Output {
  buffer: Uint8Array = new Uint8Array(HEAD);
  length = 0;
  private limit: OutputLimit | undefined;

  constructor(
    private readonly fail: (expected: string, found: string) => never,
    private readonly limitFor: (head: Uint8Array) => OutputLimit,
  ) {}

  /** The buffer, with room for `n` more bytes, or an error if the limit forbids them. */
  room(n: number): Uint8Array {
    const needed = this.length + n;
    if (needed <= this.buffer.length) return this.buffer;
    if (this.limit === undefined && this.length < HEAD) {
      // Still reading the head: grow a little (a stored block may add up to 64 KiB at once).
      return this.resize(Math.max(2 * this.buffer.length, needed));
    }
    if (this.limit === undefined) {
      this.limit = this.limitFor(this.buffer.subarray(0, this.length));
      if (this.limit.bytes >= needed) return this.resize(this.limit.bytes);
    }
    return this.fail(`at most ${this.limit.bytes} bytes once gunzipped (${this.limit.why})`, 'more (the gzip data goes on)');
  }

  private resize(size: number): Uint8Array {
    const bigger = new Uint8Array(size);
    bigger.set(this.buffer.subarray(0, this.length));
    return (this.buffer = bigger);
  }
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** Check a member header (RFC 1952 §2.3.1) at `at`; the offset of its DEFLATE data. */
function memberHeader(input: Uint8Array, at: number, where: string, fail: (expected: string, found: string) => never): number {
  const start = at;
  const truncated = () => fail(`a complete header for ${where}`, `the data ending inside it (truncated file)`);
  if (input.length - at < 10) truncated();
  if (input[at] !== 0x1f || input[at + 1] !== 0x8b) fail(`the gzip magic 1f 8b at the start of ${where}`, `${hexByte(input[at]!)} ${hexByte(input[at + 1]!)}`);
  if (input[at + 2] !== 8) fail(`compression method 8 (deflate) in ${where}`, `${input[at + 2]}`);
  const flags = input[at + 3]!;
  if (flags & 0xe0) fail(`gzip flags without the reserved bits in ${where}`, `flags ${hexByte(flags)}`);
  at += 10;
  if (flags & 4) {
    if (input.length - at < 2) truncated();
    at += 2 + (input[at]! | (input[at + 1]! << 8));
  }
  for (const bit of [8, 16]) {
    // FNAME and FCOMMENT: zero-terminated strings.
    if (flags & bit) {
      while (at < input.length && input[at] !== 0) at++;
      at++;
    }
  }
  if (flags & 2) {
    if (input.length - at < 2) truncated();
    const stored = input[at]! | (input[at + 1]! << 8);
    const crc = crc32(input, start, at) & 0xffff;
    if (crc !== stored)
      fail(
        `the header of ${where} to match its CRC16 0x${stored.toString(16).padStart(4, '0')}`,
        `0x${crc.toString(16).padStart(4, '0')} (the file is corrupt)`,
      );
    at += 2;
  }
  if (at > input.length) truncated();
  return at;
}

function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as gzip and PNG use it) of `bytes[from, to)`. */
export function crc32(bytes: Uint8Array, from = 0, to = bytes.length): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let c = ~0;
  for (let i = from; i < to; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

// DEFLATE's length and distance codes: base values and extra bits (RFC 1951 §3.2.5).
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block lists the code-length code's lengths. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/**
 * A canonical Huffman code as a lookup table indexed by the next `bits` input
 * bits (DEFLATE sends codes most significant bit first, inside bytes read
 * least significant bit first, so the table is indexed by the reversed code):
 * each entry is symbol << 4 | code length, 0 where no code starts.
 */
interface Code {
  table: Uint16Array;
  bits: number;
}

const perLength = new Uint16Array(16);
const next = new Uint16Array(16);

/** The code with these lengths per symbol, or a reason it is not a valid one. */
function buildCode(lengths: ArrayLike<number>, count: number, table: Uint16Array, kind: 'code-length' | 'literal/length' | 'distance'): Code | string {
  perLength.fill(0);
  let bits = 0;
  for (let s = 0; s < count; s++) {
    const n = lengths[s]!;
    perLength[n]!++;
    if (n > bits) bits = n;
  }
  perLength[0] = 0;
  // Kraft: a prefix code can have at most 2^n codes of length n, less those taken by shorter ones.
  let left = 1;
  for (let n = 1; n < 16; n++) {
    left = 2 * left - perLength[n]!;
    if (left < 0) return `an over-subscribed ${kind} code`;
  }
  // zlib's rule: an incomplete code is allowed only as one code of length 1 (or, for distances, none).
  if (left > 0 && (kind === 'code-length' || bits > 1) && !(kind === 'distance' && bits === 0)) return `an incomplete ${kind} code`;
  const size = 1 << bits;
  table.fill(0, 0, size);
  for (let n = 1, code = 0; n < 16; n++) {
    code = (code + perLength[n - 1]!) << 1;
    next[n] = code;
  }
  for (let s = 0; s < count; s++) {
    const n = lengths[s]!;
    if (n === 0) continue;
    const code = next[n]!++;
    let reversed = 0;
    for (let i = 0; i < n; i++) reversed |= ((code >> i) & 1) << (n - 1 - i);
    for (let i = reversed; i < size; i += 1 << n) table[i] = (s << 4) | n;
  }
  return { table, bits };
}

let fixedCodes: { literals: Code; distances: Code } | undefined;

function fixed(): { literals: Code; distances: Code } {
  if (fixedCodes === undefined) {
    const lengths = new Uint8Array(288);
    lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    const literals = buildCode(lengths, 288, new Uint16Array(1 << 9), 'literal/length') as Code;
    // 32 codes of 5 bits, though distance codes 30 and 31 never occur in valid data.
    const distances = buildCode(new Uint8Array(32).fill(5), 32, new Uint16Array(1 << 5), 'distance') as Code;
    fixedCodes = { literals, distances };
  }
  return fixedCodes;
}

/** One member's DEFLATE stream, decoded into the caller's growing buffer. */
class Inflater {
  /** Next input byte; may run past the end, which reads as zeros until the check below notices. */
  private pos = 0;
  private bitBuffer = 0;
  private bitCount = 0;
  /** Where this member's output starts: back-references may not reach before it. */
  private start = 0;
  private where = '';
  private readonly literalTable = new Uint16Array(1 << 15);
  private readonly distanceTable = new Uint16Array(1 << 15);
  private readonly lengthTable = new Uint16Array(1 << 7);
  private readonly codeLengths = new Uint8Array(19);
  private readonly lengths = new Uint8Array(286 + 30);

  constructor(
    private readonly input: Uint8Array,
    private readonly failWith: (expected: string, found: string) => never,
    private readonly output: Output,
  ) {}

  private fail(problem: string): never {
    return this.failWith(`valid DEFLATE data in ${this.where}`, `${problem} near byte ${Math.min(this.pos, this.input.length)}`);
  }

  /** Error if the bits consumed so far run past the input: it was cut short. */
  private checkNotPastEnd(): void {
    if (this.pos * 8 - this.bitCount > this.input.length * 8) {
      this.failWith(`the rest of ${this.where}'s DEFLATE data`, `the file ending inside it (truncated file)`);
    }
  }

  private need(n: number): void {
    while (this.bitCount < n) {
      if (this.pos >= this.input.length) this.checkNotPastEnd();
      this.bitBuffer |= (this.input[this.pos++] ?? 0) << this.bitCount;
      this.bitCount += 8;
    }
  }

  private bits(n: number): number {
    this.need(n);
    const value = this.bitBuffer & ((1 << n) - 1);
    this.bitBuffer >>>= n;
    this.bitCount -= n;
    return value;
  }

  private symbol(code: Code): number {
    this.need(code.bits);
    const entry = code.table[this.bitBuffer & ((1 << code.bits) - 1)]!;
    const n = entry & 15;
    if (n === 0) this.fail('a bit pattern that is no code');
    this.bitBuffer >>>= n;
    this.bitCount -= n;
    return entry >> 4;
  }

  /** Decode one member's blocks, from input offset `at` to the last block; the offset just after them. */
  run(at: number, where: string): number {
    this.pos = at;
    this.bitBuffer = this.bitCount = 0;
    this.start = this.output.length;
    this.where = where;
    for (;;) {
      const last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.huffman(fixed().literals, fixed().distances);
      else if (type === 2) this.dynamic();
      else this.fail('block type 3 (reserved)');
      this.checkNotPastEnd();
      if (last) break;
    }
    // The rest of the last byte is padding; whole bytes still buffered were not used.
    this.checkNotPastEnd();
    return this.pos - (this.bitCount >> 3);
  }

  private stored(): void {
    // Skip to a byte boundary, then read LEN and its complement NLEN straight from the input.
    this.bits(this.bitCount & 7);
    this.pos -= this.bitCount >> 3;
    this.bitBuffer = this.bitCount = 0;
    this.checkNotPastEnd();
    const { input } = this;
    if (input.length - this.pos < 4) this.failWith(`a stored block's length in ${this.where}`, 'the file ending inside it (truncated file)');
    const n = input[this.pos]! | (input[this.pos + 1]! << 8);
    const complement = input[this.pos + 2]! | (input[this.pos + 3]! << 8);
    if ((n ^ 0xffff) !== complement) this.fail(`a stored block length ${n} whose complement is ${complement}`);
    this.pos += 4;
    if (input.length - this.pos < n) this.failWith(`${n} bytes of a stored block in ${this.where}`, `${input.length - this.pos} (truncated file)`);
    const { output } = this;
    output.room(n).set(input.subarray(this.pos, this.pos + n), output.length);
    output.length += n;
    this.pos += n;
  }

  private dynamic(): void {
    const literalCount = this.bits(5) + 257;
    const distanceCount = this.bits(5) + 1;
    const codeLengthCount = this.bits(4) + 4;
    if (literalCount > 286 || distanceCount > 30) this.fail(`${literalCount} literal/length and ${distanceCount} distance codes (at most 286 and 30)`);
    const { codeLengths } = this;
    codeLengths.fill(0);
    for (let i = 0; i < codeLengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    const lengthCode = buildCode(codeLengths, 19, this.lengthTable, 'code-length');
    if (typeof lengthCode === 'string') this.fail(lengthCode);

    const { lengths } = this;
    const total = literalCount + distanceCount;
    for (let i = 0; i < total; ) {
      const s = this.symbol(lengthCode);
      if (s < 16) {
        lengths[i++] = s;
        continue;
      }
      let repeat: number,
        value = 0;
      if (s === 16) {
        if (i === 0) this.fail('a repeat of the previous code length before any');
        value = lengths[i - 1]!;
        repeat = 3 + this.bits(2);
      } else if (s === 17) repeat = 3 + this.bits(3);
      else repeat = 11 + this.bits(7);
      if (i + repeat > total) this.fail(`code lengths repeated past the ${total} codes`);
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) this.fail('a literal/length code without the end-of-block code');
    const literals = buildCode(lengths, literalCount, this.literalTable, 'literal/length');
    if (typeof literals === 'string') this.fail(literals);
    const distances = buildCode(lengths.subarray(literalCount, total), distanceCount, this.distanceTable, 'distance');
    if (typeof distances === 'string') this.fail(distances);
    this.huffman(literals, distances);
  }

  private huffman(literals: Code, distances: Code): void {
    const { start, output } = this;
    let out: Uint8Array = output.buffer;
    for (;;) {
      const s = this.symbol(literals);
      if (s < 256) {
        if (output.length >= out.length) out = output.room(1);
        out[output.length++] = s;
        continue;
      }
      if (s === 256) return;
      if (s > 285) this.fail(`literal/length code ${s} (there is none above 285)`);
      const l = s - 257;
      const length = LENGTH_BASE[l]! + this.bits(LENGTH_EXTRA[l]!);
      const d = this.symbol(distances);
      if (d > 29) this.fail(`distance code ${d} (there is none above 29)`);
      const distance = DISTANCE_BASE[d]! + this.bits(DISTANCE_EXTRA[d]!);
      if (distance > output.length - start) this.fail(`a distance of ${distance} back, before the start of the data`);
      if (output.length + length > out.length) out = output.room(length);
      let to = output.length;
      for (let from = to - distance, end = to + length; to < end; ) out[to++] = out[from++]!;
      output.length = to;
      // Zeros read past the end of a cut-off file would otherwise decode forever.
      if (this.pos >= this.input.length) this.checkNotPastEnd();
    }
  }
}
