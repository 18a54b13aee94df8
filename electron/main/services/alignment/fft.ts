// A real-input FFT for the detectors' short spectra. A frame of N real samples is packed as N/2
// complex ones (even samples real, odd imaginary), transformed at half the size and split into
// the real frame's spectrum: half the work of a complex FFT of the frame. Tables (bit reversal,
// twiddles) are made once per size, and a plan's buffers are reused frame after frame.

export interface RealFft {
  /** Frame length N, a power of two (at least 4). */
  readonly size: number
  /**
   * The spectrum of `input` (N real samples) for bins 0..N/2, into `re` and `im` (length N/2 + 1
   * at least). Not re-entrant: a plan keeps its working buffers.
   */
  transform(input: ArrayLike<number>, re: Float64Array, im: Float64Array): void
  /**
   * The same for the N samples of `samples` from `first` (all inside it), each times `window`'s
   * value (length N): windowing and loading in one pass, with no frame in between.
   */
  transformWindowed(samples: Int16Array | Float32Array, first: number, window: Float64Array, re: Float64Array, im: Float64Array): void
  /** The same frame's power spectrum, |X[k]|² + `floor` for bins 0..N/2, into `power`: the spectra's usual end, made without re and im. */
  powerWindowed(samples: Int16Array | Float32Array, first: number, window: Float64Array, power: Float64Array, floor?: number): void
}

const plans = new Map<number, RealFft>()

/** The plan for frames of `size` samples, shared by every caller of that size. */
export function realFft(size: number): RealFft {
  let plan = plans.get(size)
  if (!plan) {
    plan = makePlan(size)
    plans.set(size, plan)
  }
  return plan
}

function makePlan(size: number): RealFft {
  if (size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size ${size} is not a power of two of at least 4`)
  const m = size / 2
  // Where packed sample n lands for the in-place transform (bit reversal of n over log2(m) bits).
  const reversed = new Int32Array(m)
  for (let i = 1, j = 0; i < m; i++) {
    let bit = m >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    reversed[i] = j
  }
  // Twiddles of the half-size transform, stage by stage: the stage of half-width h reads
  // e^(-πik/h), k < h, at h - 1 + k, so each stage walks its own run of the table.
  const twiddleRe = new Float64Array(m)
  const twiddleIm = new Float64Array(m)
  for (let h = 1; h < m; h <<= 1) {
    for (let k = 0; k < h; k++) {
      twiddleRe[h - 1 + k] = Math.cos((Math.PI * k) / h)
      twiddleIm[h - 1 + k] = -Math.sin((Math.PI * k) / h)
    }
  }
  // The split step's e^(-2πik/N), k = 0..N/2.
  const splitCos = new Float64Array(m + 1)
  const splitSin = new Float64Array(m + 1)
  for (let k = 0; k <= m; k++) {
    splitCos[k] = Math.cos((2 * Math.PI * k) / size)
    splitSin[k] = Math.sin((2 * Math.PI * k) / size)
  }
  const zr = new Float64Array(m)
  const zi = new Float64Array(m)

  // Bit reversal sends the four points a..a+3 of a block (a a multiple of 4) to packed samples
  // reversed[a] plus 0, m/2, m/4 and 3m/4: the low two bits become the high two.
  const [second, third, fourth] = [m / 2, m / 4, (3 * m) / 4]

  /** The first two stages (twiddles 1 and -i: sums and differences) on the four points of block `a`, stored there. */
  function firstStages(a: number, r0: number, i0: number, r1: number, i1: number, r2: number, i2: number, r3: number, i3: number): void {
    const sumR = r0 + r1
    const sumI = i0 + i1
    const diffR = r0 - r1
    const diffI = i0 - i1
    const sum2R = r2 + r3
    const sum2I = i2 + i3
    const diff2R = r2 - r3
    const diff2I = i2 - i3
    zr[a] = sumR + sum2R
    zi[a] = sumI + sum2I
    zr[a + 2] = sumR - sum2R
    zi[a + 2] = sumI - sum2I
    // (r2 - r3)·(-i) = diff2I - i·diff2R
    zr[a + 1] = diffR + diff2I
    zi[a + 1] = diffI - diff2R
    zr[a + 3] = diffR - diff2I
    zi[a + 3] = diffI + diff2R
  }

  function transform(input: ArrayLike<number>, re: Float64Array, im: Float64Array): void {
    if (m < 4) {
      // Two points: one butterfly.
      const [r0, i0, r1, i1] = [input[0] as number, input[1] as number, input[2] as number, input[3] as number]
      zr[0] = r0 + r1
      zi[0] = i0 + i1
      zr[1] = r0 - r1
      zi[1] = i0 - i1
    } else {
      // Loaded in bit-reversed order and through the first two stages in one pass.
      for (let a = 0; a < m; a += 4) {
        const n = 2 * (reversed[a] as number)
        const b = n + 2 * second
        const c = n + 2 * third
        const d = n + 2 * fourth
        firstStages(a, input[n] as number, input[n + 1] as number, input[b] as number, input[b + 1] as number, input[c] as number, input[c + 1] as number, input[d] as number, input[d + 1] as number)
      }
    }
    stages()
    split(re, im, null)
  }

  function transformWindowed(samples: Int16Array | Float32Array, first: number, window: Float64Array, re: Float64Array, im: Float64Array): void {
    if (m < 4) {
      transform(Float64Array.from({ length: size }, (_, i) => (samples[first + i] as number) * (window[i] as number)), re, im)
      return
    }
    load(samples, first, window)
    stages()
    split(re, im, null)
  }

  /** The N windowed samples from `first` loaded in bit-reversed order and through the first two stages (N ≥ 8). */
  function load(samples: Int16Array | Float32Array, first: number, window: Float64Array): void {
    for (let a = 0; a < m; a += 4) {
      const n = 2 * (reversed[a] as number)
      const b = n + 2 * second
      const c = n + 2 * third
      const d = n + 2 * fourth
      const sn = first + n
      const sb = first + b
      const sc = first + c
      const sd = first + d
      firstStages(
        a,
        (samples[sn] as number) * (window[n] as number),
        (samples[sn + 1] as number) * (window[n + 1] as number),
        (samples[sb] as number) * (window[b] as number),
        (samples[sb + 1] as number) * (window[b + 1] as number),
        (samples[sc] as number) * (window[c] as number),
        (samples[sc + 1] as number) * (window[c + 1] as number),
        (samples[sd] as number) * (window[d] as number),
        (samples[sd + 1] as number) * (window[d + 1] as number),
      )
    }
  }

  /** The remaining stages, on what the first two left in (zr, zi). */
  function stages(): void {
    const fourAtATime = m >= 4
    // Then two stages at a time (blocks of 4h from four of h), while they fit: each point is
    // loaded and stored once per two stages, a quarter less time than one stage at a time.
    let h = fourAtATime ? 4 : 2
    for (; 4 * h <= m; h <<= 2) {
      // W = e^(-πi/2h): the first stage turns by W^2k, the second by W^k (and W^k·(-i)).
      const table = 2 * h - 1
      for (let k = 0; k < h; k++) {
        const w1r = twiddleRe[table + 2 * k] as number
        const w1i = twiddleIm[table + 2 * k] as number
        const w2r = twiddleRe[table + k] as number
        const w2i = twiddleIm[table + k] as number
        for (let a = k; a < m; a += 4 * h) {
          const b = a + h
          const c = b + h
          const d = c + h
          const ar = zr[a] as number
          const ai = zi[a] as number
          const cr = zr[c] as number
          const ci = zi[c] as number
          const b0r = zr[b] as number
          const b0i = zi[b] as number
          const d0r = zr[d] as number
          const d0i = zi[d] as number
          const br = b0r * w1r - b0i * w1i
          const bi = b0r * w1i + b0i * w1r
          const dr = d0r * w1r - d0i * w1i
          const di = d0r * w1i + d0i * w1r
          const sumR = cr + dr
          const sumI = ci + di
          const diffR = cr - dr
          const diffI = ci - di
          const xr = sumR * w2r - sumI * w2i
          const xi = sumR * w2i + sumI * w2r
          // (diff·W^k)·(-i) = (Im, -Re)
          const yr = diffR * w2i + diffI * w2r
          const yi = -(diffR * w2r - diffI * w2i)
          zr[a] = ar + br + xr
          zi[a] = ai + bi + xi
          zr[c] = ar + br - xr
          zi[c] = ai + bi - xi
          zr[b] = ar - br + yr
          zi[b] = ai - bi + yi
          zr[d] = ar - br - yr
          zi[d] = ai - bi - yi
        }
      }
    }
    // A last stage on its own when the count of stages left is odd.
    for (; h < m; h <<= 1) {
      const width = h << 1
      for (let k = 0; k < h; k++) {
        const wr = twiddleRe[h - 1 + k] as number
        const wi = twiddleIm[h - 1 + k] as number
        for (let a = k; a < m; a += width) {
          const b = a + h
          const br = zr[b] as number
          const bi = zi[b] as number
          const xr = br * wr - bi * wi
          const xi = br * wi + bi * wr
          const ar = zr[a] as number
          const ai = zi[a] as number
          zr[b] = ar - xr
          zi[b] = ai - xi
          zr[a] = ar + xr
          zi[a] = ai + xi
        }
      }
    }
  }

  /**
   * Z holds E + iO, the spectra of the even and odd samples: E = (Z[k] + conj Z[m-k]) / 2,
   * O = (Z[k] - conj Z[m-k]) / 2i, and X[k] = E + e^(-2πik/N)·O. Bins k and m - k read the same
   * two points and share their products (e^(-2πi(m-k)/N) = -conj e^(-2πik/N)), so they are
   * made together: into `re` and `im`, or as |X[k]|² + `floor` into `power` when it is given (a callback
   * per bin instead of the branch measured slower: the two uses made it polymorphic).
   */
  function split(re: Float64Array, im: Float64Array, power: Float64Array | null, floor = 0): void {
    // Bins 0 and m are real; bin m/2 is conj Z[m/2] (its twiddle is -i).
    const half = m >> 1
    if (power) {
      power[0] = ((zr[0] as number) + (zi[0] as number)) ** 2 + floor
      power[m] = ((zr[0] as number) - (zi[0] as number)) ** 2 + floor
      power[half] = (zr[half] as number) ** 2 + (zi[half] as number) ** 2 + floor
    } else {
      re[0] = (zr[0] as number) + (zi[0] as number)
      re[m] = (zr[0] as number) - (zi[0] as number)
      im[0] = im[m] = 0
      re[half] = zr[half] as number
      im[half] = -(zi[half] as number)
    }
    for (let k = 1; k < half; k++) {
      const q = m - k
      const ar = zr[k] as number
      const ai = zi[k] as number
      const br = zr[q] as number
      const bi = zi[q] as number
      const er = 0.5 * (ar + br)
      const ei = 0.5 * (ai - bi)
      const or = 0.5 * (ai + bi)
      const oi = -0.5 * (ar - br)
      const c = splitCos[k] as number
      const s = splitSin[k] as number
      const t1 = c * or + s * oi
      const t2 = c * oi - s * or
      // Bin k is (er + t1, ei + t2), bin m - k (er - t1, t2 - ei).
      if (power) {
        power[k] = (er + t1) ** 2 + (ei + t2) ** 2 + floor
        power[q] = (er - t1) ** 2 + (t2 - ei) ** 2 + floor
      } else {
        re[k] = er + t1
        im[k] = ei + t2
        re[q] = er - t1
        im[q] = t2 - ei
      }
    }
  }

  const none = new Float64Array(0)
  function powerWindowed(samples: Int16Array | Float32Array, first: number, window: Float64Array, power: Float64Array, floor = 0): void {
    if (m < 4) {
      const re = new Float64Array(m + 1)
      const im = new Float64Array(m + 1)
      transformWindowed(samples, first, window, re, im)
      for (let k = 0; k <= m; k++) power[k] = (re[k] as number) ** 2 + (im[k] as number) ** 2 + floor
      return
    }
    load(samples, first, window)
    stages()
    split(none, none, power, floor)
  }

  return { size, transform, transformWindowed, powerWindowed }
}
