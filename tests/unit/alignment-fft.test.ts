// The detectors' FFTs against the definition: a straightforward DFT on random input.
import { describe, expect, it } from 'vitest'
import { realFft } from '../../electron/main/services/alignment/fft'
import { fft } from '../../electron/main/services/alignment/tonality'

let seed = 20261203
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff - 0.5
}

/** X[k] = Σ x[n]·e^(-2πikn/N), summed term by term. */
function dft(re: ArrayLike<number>, im: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = re.length
  const out = { re: new Float64Array(n), im: new Float64Array(n) }
  for (let k = 0; k < n; k++) {
    let sr = 0
    let si = 0
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * ((k * t) % n)) / n
      const c = Math.cos(angle)
      const s = Math.sin(angle)
      sr += (re[t] as number) * c - (im[t] as number) * s
      si += (re[t] as number) * s + (im[t] as number) * c
    }
    out.re[k] = sr
    out.im[k] = si
  }
  return out
}

/** Largest error over the bins, relative to the spectrum's largest magnitude. */
function relativeError(got: { re: ArrayLike<number>; im: ArrayLike<number> }, want: { re: Float64Array; im: Float64Array }, bins: number): number {
  let error = 0
  let scale = 0
  for (let k = 0; k < bins; k++) {
    error = Math.max(error, Math.hypot((got.re[k] as number) - (want.re[k] as number), (got.im[k] as number) - (want.im[k] as number)))
    scale = Math.max(scale, Math.hypot(want.re[k] as number, want.im[k] as number))
  }
  return error / scale
}

describe('real-input FFT', () => {
  it.each([4, 8, 16, 64, 256, 1024])('matches the DFT on random frames of %i', (n) => {
    const plan = realFft(n)
    const re = new Float64Array(n / 2 + 1)
    const im = new Float64Array(n / 2 + 1)
    for (let trial = 0; trial < 5; trial++) {
      const x = Float64Array.from({ length: n }, random)
      plan.transform(x, re, im)
      expect(relativeError({ re, im }, dft(x, new Float64Array(n)), n / 2 + 1)).toBeLessThan(1e-9)
    }
  })

  it('gives each bin to the frequency it is at, the DC and Nyquist bins real', () => {
    const n = 256
    const x = Float64Array.from({ length: n }, (_, t) => 1 + Math.cos((2 * Math.PI * 10 * t) / n) + (t % 2 === 0 ? 0.5 : -0.5))
    const re = new Float64Array(n / 2 + 1)
    const im = new Float64Array(n / 2 + 1)
    realFft(n).transform(x, re, im)
    expect(re[0]).toBeCloseTo(n, 9)
    expect(re[10]).toBeCloseTo(n / 2, 9)
    expect(re[n / 2]).toBeCloseTo(n / 2, 9)
    expect(Math.abs(im[0] as number) + Math.abs(im[n / 2] as number)).toBeLessThan(1e-9)
  })

  it.each([8, 256])('windows and transforms samples in place of a frame, as the DFT of the windowed frame (%i)', (n) => {
    const samples = Int16Array.from({ length: 3 * n }, () => Math.round(random() * 30000))
    const window = Float64Array.from({ length: n }, (_, i) => (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1))) / 32768)
    const re = new Float64Array(n / 2 + 1)
    const im = new Float64Array(n / 2 + 1)
    const first = n + 3
    realFft(n).transformWindowed(samples, first, window, re, im)
    const frame = Float64Array.from({ length: n }, (_, i) => (samples[first + i] as number) * (window[i] as number))
    expect(relativeError({ re, im }, dft(frame, new Float64Array(n)), n / 2 + 1)).toBeLessThan(1e-9)
  })

  it.each([4, 8, 256])('gives the power spectrum of a windowed frame, each bin |X[k]|² of the DFT plus the floor asked (%i)', (n) => {
    const samples = Int16Array.from({ length: 3 * n }, () => Math.round(random() * 60000))
    const window = Float64Array.from({ length: n }, () => random() + 0.5)
    const power = new Float64Array(n / 2 + 1).fill(-1)
    const first = n - 1
    const floor = 1e-3
    realFft(n).powerWindowed(samples, first, window, power, floor)
    const want = dft(Float64Array.from({ length: n }, (_, i) => (samples[first + i] as number) * (window[i] as number)), new Float64Array(n))
    const loudest = Math.max(...Array.from(want.re, (r, k) => r * r + (want.im[k] as number) ** 2))
    for (let k = 0; k <= n / 2; k++) expect(Math.abs((power[k] as number) - floor - ((want.re[k] as number) ** 2 + (want.im[k] as number) ** 2)) / loudest).toBeLessThan(1e-9)
  })

  it('refuses a size that is not a power of two', () => {
    expect(() => realFft(96)).toThrow(RangeError)
  })
})

describe('complex FFT', () => {
  it('matches the DFT on random complex input', () => {
    const n = 128
    const cos = Float64Array.from({ length: n / 2 }, (_, k) => Math.cos((2 * Math.PI * k) / n))
    const sin = Float64Array.from({ length: n / 2 }, (_, k) => Math.sin((2 * Math.PI * k) / n))
    const re = Float64Array.from({ length: n }, random)
    const im = Float64Array.from({ length: n }, random)
    const want = dft(re, im)
    fft(re, im, cos, sin)
    expect(relativeError({ re, im }, want, n)).toBeLessThan(1e-9)
  })
})
