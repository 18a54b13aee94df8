// The customer's track against the full track: at which rate, where it sits, and whether it is
// the customer's alone (and was recorded at all).
//
// Where it sits. The platform means to record both from the same moment, and the robot's own level
// is the full track less the customer's track, sample for sample (speech-regions.ts,
// mixResidual): two samples apart the customer's side no longer cancels, and on a development set
// (seed 7) two-track calls fell from 99.9 to 95.7 % of turns placed inside their span, 30 ms apart
// to 92.6 %, 1.2 s apart to 58.5 %. Two recorders, a codec's frames, or a customer leg recorded from
// the answer while the full track holds the ringing, put them apart: the offset is found where the
// customer's side cancels, and the customer's track laid there. Tracks in step cost one check
// (about 2 ms); tracks out of step by the offset found last, two; the search, where those fail,
// 30-50 ms.
//
// Whether it is the customer's alone. A "customer" track that is the whole call (the same file
// twice, or a leg recorded with both sides) cancels the robot too, and leaves no robot to place:
// the same development set fell to 26.0 % (on the full track alone, 91.3 %); a leg that was not
// recorded leaves no reply to place (50.2 %). Both are then aligned on the full track alone.
//
// Which is which. The two recordings given the other way round (the mix as the customer's) leave
// the robot in the customer's side and 36.2 % of turns placed inside their span: they are swapped back.
import { HOP_SEC, hopSquareSums, sumOfSquares } from './frame-power'
import { median, quantile } from './stats'
import type { DecodedTrack } from './wav-input'

/** The customer's loudest hops the offset is judged on (at most), and the fewest that can judge it. */
const JUDGED_HOPS = 150
const MIN_JUDGED_HOPS = 20
/** An offset is taken where the customer's side cancels this far (dB, over the best quarter of the
 * judged hops), OUT_OF_STEP_DB deeper than with no offset, and SHARP_DB deeper than up to
 * SHARP_REACH_SEC either side of it (three samples at 8 kHz): a mix cancels at one sample only.
 * Tracks in step pass that sharpness test with no offset (every call of the development sets). */
const CANCEL_DB = -6
const OUT_OF_STEP_DB = 3
const SHARP_DB = 2
const SHARP_REACH_SEC = 3 / 8000
/** ...and where the customer's side plays in the full track within this factor of its own level
 * (an echo of the robot, −12 dB or less on the line, comes back four times as loud or more). */
const MIX_GAIN_RANGE = 3
/** Offsets looked for, up to this far either way (s): a customer leg recorded from the answer, the
 * full track from the ringing. */
const MAX_OFFSET_SEC = 30
/** The levels are compared in blocks of BLOCK_HOPS hops (50 ms), on the customer's loudest
 * LOUD_SHARE of them, by a soft minimum (SOFT_DB); CANDIDATES block lags are searched further. */
const BLOCK_HOPS = 5
const LOUD_SHARE = 0.1
const SOFT_DB = 3
const CANDIDATES = 4
/** Around each, the samples' correlation every SEARCH_STEP_SEC (two samples at 8 kHz: speech
 * there changes little in one) over the customer's loudest SEARCH_HOPS. */
const SEARCH_STEP_SEC = 1 / 4000
const SEARCH_HOPS = 30
/** The correlation's highest peaks there, each tried to the sample by the cancellation. */
const PEAKS = 3

/** loudestHops' answers per track's hop sums: the swap test and the offset check both ask for the
 * customer's (a selection over every hop, about 0.3 ms on a 3-minute call). */
const loudest = new WeakMap<Float64Array, { count: number; hops: readonly number[] }>()

/** The `count` loudest hops (by their sums of squares), in time order, picked by selection; none silent. */
function loudestHops(sums: Float64Array, count: number): readonly number[] {
  const known = loudest.get(sums)
  if (known && known.count === count) return known.hops
  const bar = Math.max(1e-9, quantile(sums, 1 - count / Math.max(1, sums.length)))
  const hops: number[] = []
  sums.forEach((e, h) => e >= bar && hops.length < count && hops.push(h))
  loudest.set(sums, { count, hops })
  return hops
}

/** Σ a[i]·b[i + shift] over [from, to) of `a` (b read as 0 outside it). */
function dot(a: Int16Array | Float32Array, b: Int16Array | Float32Array, from: number, to: number, shift: number): number {
  const lo = Math.max(from, -shift)
  const hi = Math.min(to, b.length - shift)
  let sum = 0
  for (let i = lo; i < hi; i++) sum += (a[i] as number) * (b[i + shift] as number)
  return sum
}

/**
 * How far the customer's side cancels (dB, over the best quarter of the judged hops of the
 * customer's track, `hops`, of `hop` samples) with the full track read `shift` samples later, at
 * the one gain that fits them all.
 */
function cancelAt(full: DecodedTrack, customer: DecodedTrack, hops: readonly number[], hop: number, shift: number): number {
  return cancellation(full, customer, hops, hop, shift).db
}

/** cancelAt's figure (over the best `share` of the hops), with the gain it found (the customer's
 * side's amplitude in the full track). */
function cancellation(full: DecodedTrack, customer: DecodedTrack, hops: readonly number[], hop: number, shift: number, share = 0.25): { db: number; gain: number } {
  const fc = new Float64Array(hops.length)
  const ff = new Float64Array(hops.length)
  const cc = new Float64Array(hops.length)
  // The customer's own sums per hop are the track's, worked out once (frame-power).
  const customerHops = hopSquareSums(customer.samples, hop)
  let sumFc = 0
  let sumCc = 0
  hops.forEach((h, k) => {
    const from = h * hop
    fc[k] = dot(customer.samples, full.samples, from, from + hop, shift)
    ff[k] = sumOfSquares(full.samples, Math.max(0, from + shift), Math.min(full.samples.length, from + shift + hop))
    cc[k] = customerHops[h] as number
    sumFc += fc[k] as number
    sumCc += cc[k] as number
  })
  if (sumCc <= 0) return { db: 0, gain: 0 }
  const g = sumFc / sumCc
  // The residual's share of each hop, in place of its full-track sums (not needed after).
  for (let k = 0; k < hops.length; k++) {
    const own = ff[k] as number
    ff[k] = own > 0 ? Math.max(1e-12, own - 2 * g * (fc[k] as number) + g * g * (cc[k] as number)) / own : 1
  }
  return { db: 10 * Math.log10(quantile(ff, share)), gain: g }
}

/**
 * Block lags (the full track's level read that many blocks later) to search around: none, and the
 * CANDIDATES likeliest, no two within two blocks: where the full track is loudest against the
 * customer's loudest blocks (LOUD_SHARE of them), by a soft minimum over them (SOFT_DB). The full
 * track holds the customer's side, so it is never much quieter than that side where the customer
 * speaks; at a wrong lag some of those blocks meet a pause. (Their levels do not correlate: the
 * robot, who fills the full track, speaks while the customer is silent.)
 */
function likelyBlockLags(fullHops: Float64Array, customerHops: Float64Array, reach: number): number[] {
  const blocksDb = (hops: Float64Array) => {
    const out = new Float64Array(Math.floor(hops.length / BLOCK_HOPS))
    for (let b = 0; b < out.length; b++) {
      let sum = 1e-3
      for (let h = b * BLOCK_HOPS; h < (b + 1) * BLOCK_HOPS; h++) sum += hops[h] as number
      out[b] = 10 * Math.log10(sum)
    }
    return out
  }
  const f = blocksDb(fullHops)
  const c = blocksDb(customerHops)
  const loudBar = quantile(c, 1 - LOUD_SHARE)
  const loud: number[] = []
  c.forEach((v, b) => v >= loudBar && loud.push(b))
  const scored: [number, number][] = []
  for (let lag = -reach; lag <= reach; lag++) {
    let sum = 0
    let seen = 0
    for (const b of loud) {
      const at = b + lag
      if (at < 0 || at >= f.length) continue
      seen++
      sum += Math.exp(((c[b] as number) - (f[at] as number)) / SOFT_DB)
    }
    if (seen >= loud.length / 2) scored.push([lag, -SOFT_DB * Math.log(sum / seen)])
  }
  // Best first; of equal scores the nearer lag.
  scored.sort((a, b) => b[1] - a[1] || Math.abs(a[0]) - Math.abs(b[0]))
  // No lag at all is always tried: recorders a few milliseconds apart are the likeliest.
  const picked: number[] = [0]
  for (const [lag] of scored) {
    if (picked.length > CANDIDATES) break
    if (picked.every((p) => Math.abs(p - lag) > 2)) picked.push(lag)
  }
  return picked
}

/**
 * The customer's side plays in the full track at about its own level (either sign: a line that
 * inverts it cancels at a negative gain). The robot's echo on the customer's line cancels too,
 * against the robot, a few hundred milliseconds late, but comes back far louder than it left.
 */
function atOwnLevel(gain: number): boolean {
  return Math.abs(gain) >= 1 / MIX_GAIN_RANGE && Math.abs(gain) <= MIX_GAIN_RANGE
}

/** The offset last found, per sample rate (in this process: a worker's calls). */
const lastFound = new Map<number, number>()

/**
 * The samples by which the customer's side lies later in the full track than in the customer's
 * own track (negative: earlier): 0 where they are in step, where the full track is no mix of the
 * customer's track at any offset, or where the rates differ.
 */
export function customerOffset(full: DecodedTrack, customer: DecodedTrack): number {
  if (full.sampleRate !== customer.sampleRate) return 0
  const hop = Math.round(full.sampleRate * HOP_SEC)
  const customerHops = hopSquareSums(customer.samples, hop)
  // The customer's loudest hops, where their side makes up much of the full track.
  const judged = loudestHops(customerHops, JUDGED_HOPS)
  if (judged.length < MIN_JUDGED_HOPS) return 0
  // In step where the customer's side cancels deeper at no offset than a few samples either way.
  // (Three samples at 8 kHz, six at 16 kHz, in steps of one and two.)
  const step = Math.max(1, Math.round(full.sampleRate * SEARCH_STEP_SEC))
  const sharpAt = (shift: number, db = cancelAt(full, customer, judged, hop, shift)) => {
    let around = Infinity
    for (let d = step / 2; d <= full.sampleRate * SHARP_REACH_SEC; d += step / 2) around = Math.min(around, cancelAt(full, customer, judged, hop, shift - Math.round(d)), cancelAt(full, customer, judged, hop, shift + Math.round(d)))
    return db < around - SHARP_DB
  }
  const inStep = cancelAt(full, customer, judged, hop, 0)
  if (sharpAt(0, inStep)) return 0
  // An offset is taken where the side cancels deep, deeper than in step, and sharply, at about its own level.
  const accepted = (shift: number, { db, gain }: { db: number; gain: number }) =>
    shift !== 0 && db < CANCEL_DB && db < inStep - OUT_OF_STEP_DB && atOwnLevel(gain) && sharpAt(shift, db)
  // Where the recordings are out of step, they are likely so by the same samples call after call
  // (one recording pipeline): the offset last found is tried next, at the check's cost.
  const known = lastFound.get(full.sampleRate)
  if (known !== undefined && accepted(known, cancellation(full, customer, judged, hop, known))) return known
  // Out of step, or no mix: the levels give a few likely offsets to a block; around each, the
  // samples' correlation over the customer's loudest hops finds it to two samples (speech at 8 kHz
  // changes little in one), and the cancellation to the sample, which must be deep and sharp there.
  const fullHops = hopSquareSums(full.samples, hop)
  const searched = [...judged].sort((a, b) => (customerHops[b] as number) - (customerHops[a] as number)).slice(0, SEARCH_HOPS)
  const reach = BLOCK_HOPS * hop + hop
  let best = 0
  let bestDb = Infinity
  let bestGain = 0
  for (const blockLag of likelyBlockLags(fullHops, customerHops, Math.round(MAX_OFFSET_SEC / (HOP_SEC * BLOCK_HOPS)))) {
    const around = blockLag * BLOCK_HOPS * hop
    const peaks: [number, number][] = []
    for (let shift = around - reach; shift <= around + reach; shift += step) {
      let fc = 0
      let ff = 0
      for (const h of searched) {
        fc += dot(customer.samples, full.samples, h * hop, (h + 1) * hop, shift)
        ff += fullHops[Math.floor((h * hop + shift) / hop)] ?? 0
      }
      // Either sign: a line that inverts the customer's side cancels at a negative gain.
      peaks.push([shift, ff > 0 ? Math.abs(fc) / Math.sqrt(ff) : 0])
    }
    peaks.sort((a, b) => b[1] - a[1])
    const nearest: number[] = []
    for (const [shift] of peaks) {
      if (nearest.length >= PEAKS) break
      if (nearest.every((n) => Math.abs(n - shift) > 2 * step)) nearest.push(shift)
    }
    for (const near of nearest) {
      for (let shift = near - step; shift <= near + step; shift++) {
        const { db, gain } = cancellation(full, customer, judged, hop, shift)
        if (db < bestDb && atOwnLevel(gain)) [best, bestDb, bestGain] = [shift, db, gain]
      }
    }
  }
  if (!accepted(best, { db: bestDb, gain: bestGain })) return 0
  lastFound.set(full.sampleRate, best)
  return best
}

/** The windows (s) over which the customer's side is taken to lie at one lag while it drifts (a
 * clock 100 ppm off moves it under a sample in one), the fewest of the customer's loud hops that
 * can judge one and the most it is judged on (its loudest); at most MAX_WINDOWS of them, spread
 * over the call, are judged. */
const DRIFT_WINDOW_SEC = 1
const MIN_WINDOW_HOPS = 8
const MAX_WINDOW_HOPS = 20
/** Windows in a row that cancel nowhere near the drift followed so far end the following. */
const MAX_MISSED_WINDOWS = 5
/** The customer's hops judged: the loudest share of the track's. */
const LOUD_HOPS_SHARE = 0.1
const MAX_WINDOWS = 60
/** The fastest drift looked for: two clocks this far apart (a crystal's tolerance is tens of ppm). */
const MAX_DRIFT_PPM = 200
/** A window's lag counts where the side cancels at least this far there (dB), and SHARP_DB deeper
 * than two samples either side. */
const DRIFT_CANCEL_DB = -3
/** How far either way (samples) the middle and last windows are looked at first (the first three
 * as far as the fastest drift goes from the recording's start, and this). */
const PROBE_REACH = 3
/** Drift under this over the call (samples) is none. */
const MIN_DRIFT_SAMPLES = 1
/** The fewest windows a drift is fitted to, and how far (samples, root mean square) their lags may lie off its line. */
const MIN_FOUND_WINDOWS = 5
const MAX_LAG_SPREAD = 0.6
/** Once that many windows span this long (s), the next is looked for only this far off the line (ppm of the time since the last). */
const KNOWN_SPAN_SEC = 20
const SLOPE_SLACK_PPM = 20
/** The windows spread over the call a drift's line is checked on. */
const CHECKED_WINDOWS = 12
/** The drift is undone only where the customer's side then cancels this much deeper (dB). */
const DRIFT_GAIN_DB = 3

/**
 * How the customer's side drifts against the full track where the two were recorded on two clocks
 * (tens of ppm apart): it cancels at one lag early in the call and at another later on (development
 * set 7, every customer track 20 ppm fast: two-track midpoints inside 99.9 → 96.5 %, as if never in
 * step). Null where it does not drift (the first three, middle and last windows of the customer's
 * loud speech cancel sharply in step: nearly every call, at a few lags' cost), else the line
 * `lag = at + perSample · i` (samples the side lies later in the full track, at the customer's
 * sample i) fitted to the lags found window by window (to a fraction of a sample), each searched
 * around the line so far: a clock's drift is steady.
 */
export function customerDrift(full: DecodedTrack, customer: DecodedTrack): { at: number; perSample: number } | null {
  if (full.sampleRate !== customer.sampleRate) return null
  const hop = Math.round(full.sampleRate * HOP_SEC)
  const customerHops = hopSquareSums(customer.samples, hop)
  // The customer's loud speech: the loudest tenth of the track's hops.
  const bar = Math.max(1e-9, quantile(customerHops, 1 - LOUD_HOPS_SHARE))
  const perWindow = Math.round(DRIFT_WINDOW_SEC / HOP_SEC)
  let windows: { hops: number[]; centre: number }[] = []
  for (let from = 0; from < customerHops.length; from += perWindow) {
    const hops: number[] = []
    for (let h = from; h < Math.min(customerHops.length, from + perWindow); h++) if ((customerHops[h] as number) >= bar) hops.push(h)
    if (hops.length < MIN_WINDOW_HOPS) continue
    // Its loudest, in time order.
    const loudest = hops.sort((a, b) => (customerHops[b] as number) - (customerHops[a] as number)).slice(0, MAX_WINDOW_HOPS).sort((a, b) => a - b)
    windows.push({ hops: loudest, centre: (from + perWindow / 2) * hop })
  }
  if (windows.length > MAX_WINDOWS) windows = evenly(windows, MAX_WINDOWS)
  if (windows.length < 3) return null
  // Each window's figure per lag, taken once (the search, the sharpness test and the vertex ask for the same lags).
  const figures = new Map<(typeof windows)[number], Map<number, number>>()
  const cancels = (w: (typeof windows)[number], shift: number) => {
    let known = figures.get(w)
    if (!known) figures.set(w, (known = new Map()))
    let db = known.get(shift)
    if (db === undefined) known.set(shift, (db = cancelAt(full, customer, w.hops, hop, shift)))
    return db
  }
  // Each window's lag: where it cancels deepest within what the fastest drift allows from the line
  // so far, taken where deep and sharp.
  const bestLag = (w: (typeof windows)[number], around: number, reach: number): { lag: number; db: number } => {
    let lag = around
    let db = Infinity
    for (let shift = around - reach; shift <= around + reach; shift++) {
      const here = cancels(w, shift)
      if (here < db) [lag, db] = [shift, here]
    }
    return { lag, db }
  }
  const sharp = (w: (typeof windows)[number], { lag, db }: { lag: number; db: number }) => db < DRIFT_CANCEL_DB && db < Math.min(cancels(w, lag - 2), cancels(w, lag + 2)) - SHARP_DB
  // Between samples: the vertex of the parabola through the residuals at the lag and its neighbours.
  const between = (w: (typeof windows)[number], lag: number): [number, number] => {
    const [below, at, above] = [lag - 1, lag, lag + 1].map((shift) => Math.pow(10, cancels(w, shift) / 10)) as [number, number, number]
    const curve = below - 2 * at + above
    return [w.centre, lag + (curve > 0 ? Math.max(-0.5, Math.min(0.5, (below - above) / (2 * curve))) : 0)]
  }
  // The drift is followed, both ways, from whichever window cancels deepest of the first three
  // (looked at as far as the fastest drift goes from the recording's start), the middle and the
  // last (a few samples either way of where the tracks were laid). In step all along where all
  // of those cancel sharply in step (nearly every call, at a few lags' cost); none of them a
  // sample-exact mix there, and there is nothing to follow.
  const looked = [...new Set([0, 1, 2, windows.length >> 1, windows.length - 1])]
  const probed = looked.map((k) => {
    const w = windows[k] as (typeof windows)[number]
    const reach = k < 3 ? Math.ceil((MAX_DRIFT_PPM / 1e6) * w.centre) + PROBE_REACH : PROBE_REACH
    return { k, ...bestLag(w, 0, reach) }
  }).filter((p) => sharp(windows[p.k] as (typeof windows)[number], p))
  if (!probed.length || (probed.length === looked.length && probed.every((p) => p.lag === 0))) return null
  const anchor = probed.reduce((a, b) => (b.db < a.db ? b : a))
  const start = anchor.k
  const found: [number, number][] = [between(windows[start] as (typeof windows)[number], anchor.lag)]
  const fit = () => {
    const n = found.length
    const mx = found.reduce((sum, [x]) => sum + x, 0) / n
    const my = found.reduce((sum, [, y]) => sum + y, 0) / n
    let sxy = 0
    let sxx = 0
    for (const [x, y] of found) {
      sxy += (x - mx) * (y - my)
      sxx += (x - mx) * (x - mx)
    }
    const perSample = sxx > 0 ? sxy / sxx : 0
    return { at: my - perSample * mx, perSample }
  }
  for (const direction of [1, -1]) {
    let lastCentre = (windows[start] as (typeof windows)[number]).centre
    let missed = 0
    // A run of windows that cancel nowhere near the line ends the way: no mix to follow there.
    for (let k = start + direction; k >= 0 && k < windows.length && missed < MAX_MISSED_WINDOWS; k += direction) {
      const w = windows[k] as (typeof windows)[number]
      const line = fit()
      // Once the line rests on a few windows over some seconds, its slope is known to a few ppm.
      const known = found.length >= MIN_FOUND_WINDOWS && Math.abs((found[found.length - 1] as [number, number])[0] - (found[0] as [number, number])[0]) >= KNOWN_SPAN_SEC * full.sampleRate
      const reach = Math.ceil(((known ? SLOPE_SLACK_PPM : MAX_DRIFT_PPM) / 1e6) * Math.abs(w.centre - lastCentre)) + 2
      const best = bestLag(w, Math.round(line.at + line.perSample * w.centre), reach)
      if (!sharp(w, best)) {
        missed++
        continue
      }
      found.push(between(w, best.lag))
      lastCentre = w.centre
      missed = 0
    }
  }
  if (found.length < MIN_FOUND_WINDOWS) return null
  const drift = fit()
  if (Math.abs(drift.perSample) * customer.samples.length < MIN_DRIFT_SAMPLES) return null
  // A steady drift: the lags found lie on the line, and along it the call's windows (a dozen,
  // spread over it) cancel deeper than in step. Lags that only noise or an echo made sharp do not.
  const off = found.map(([x, y]) => y - (drift.at + drift.perSample * x))
  if (Math.sqrt(off.reduce((sum, d) => sum + d * d, 0) / off.length) > MAX_LAG_SPREAD) return null
  const spread = evenly(windows, CHECKED_WINDOWS)
  const along = median(spread.map((w) => cancels(w, Math.round(drift.at + drift.perSample * w.centre))))
  const inStep = median(spread.map((w) => cancels(w, 0)))
  return along < inStep - DRIFT_GAIN_DB ? drift : null
}

/** `count` of `list`'s items spread evenly over it, first and last among them (all where it has no more). */
function evenly<T>(list: readonly T[], count: number): T[] {
  if (list.length <= count) return list.slice()
  return Array.from({ length: count }, (_, k) => list[Math.round((k * (list.length - 1)) / (count - 1))] as T)
}

/** Interpolation phases per sample, and the taps either side of a position, of `readAt`'s kernel. */
const PHASES = 512
const HALF_TAPS = 8

/** Hann-windowed sinc kernels, `PHASES` fractional positions by 2·halfTaps taps. */
const kernels = new Map<number, Float64Array>()
function kernelTable(halfTaps: number): Float64Array {
  const known = kernels.get(halfTaps)
  if (known) return known
  const taps = 2 * halfTaps
  const table = new Float64Array(PHASES * taps)
  for (let p = 0; p < PHASES; p++) {
    const frac = p / PHASES
    for (let k = 0; k < taps; k++) {
      const t = k - halfTaps + 1 - frac
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t)
      table[p * taps + k] = sinc * (0.5 + 0.5 * Math.cos((Math.PI * t) / halfTaps))
    }
  }
  kernels.set(halfTaps, table)
  return table
}

/**
 * `track` read at fractional positions `at(j)` for each output sample j (as many as it has), by a
 * windowed-sinc interpolator with `halfTaps` taps either side: a clock's drift undone (or, in the
 * bench, made). Positions outside the track read silence.
 */
export function readAt(track: DecodedTrack, at: (j: number) => number, halfTaps = HALF_TAPS): DecodedTrack {
  const src = track.samples
  const taps = 2 * halfTaps
  const table = kernelTable(halfTaps)
  const out = new Float32Array(src.length)
  for (let j = 0; j < out.length; j++) {
    // The position to the nearest phase: its sample, and the phase's row of kernels.
    const q = Math.round(at(j) * PHASES)
    const i = Math.floor(q / PHASES)
    const row = (q - i * PHASES) * taps
    const first = i - halfTaps + 1
    let sum = 0
    for (let k = Math.max(0, -first); k < taps && first + k < src.length; k++) sum += (src[first + k] as number) * (table[row + k] as number)
    out[j] = sum
  }
  return { samples: out, scale: track.scale, sampleRate: track.sampleRate }
}

/** The customer's track with its drift against the full track undone, and the drift (ppm, the
 * customer's clock fast where positive); as it came, and 0, where it does not drift. */
export function withoutDrift(full: DecodedTrack, customer: DecodedTrack): { track: DecodedTrack; ppm: number } {
  const drift = customerDrift(full, customer)
  if (!drift) return { track: customer, ppm: 0 }
  // The side sits lag(i) later in the full track: full sample j holds customer sample i with i + lag(i) = j.
  const { at, perSample } = drift
  const drawn = readAt(customer, (j) => (j - at) / (1 + perSample))
  // Kept where the customer's loudest hops now cancel deeper, over the median of them.
  const hop = Math.round(full.sampleRate * HOP_SEC)
  const judged = loudestHops(hopSquareSums(customer.samples, hop), JUDGED_HOPS)
  const before = cancellation(full, customer, judged, hop, 0, 0.5).db
  const after = cancellation(full, drawn, judged, hop, 0, 0.5).db
  return after < before - DRIFT_GAIN_DB ? { track: drawn, ppm: perSample * 1e6 } : { track: customer, ppm: 0 }
}

/** The customer's track moved `offset` samples later (earlier where negative), its length kept. */
export function shiftedTrack(track: DecodedTrack, offset: number): DecodedTrack {
  if (offset === 0) return track
  const samples = track.samples instanceof Int16Array ? new Int16Array(track.samples.length) : new Float32Array(track.samples.length)
  if (offset > 0) samples.set(track.samples.subarray(0, Math.max(0, track.samples.length - offset)), offset)
  else samples.set(track.samples.subarray(-offset))
  return { samples, scale: track.scale, sampleRate: track.sampleRate }
}

/** A customer track holds the robot when it explains the whole full track, sample for sample,
 * to within HOLDS_ROBOT_DB (over every STRIDE_HOPS-th hop): the customer's own side leaves the
 * robot's speech (a quarter of the full track's energy or more where AGC lifts the line's noise to
 * the robot's level); the whole call only the codec's noise. */
const HOLDS_ROBOT_DB = -25
const STRIDE_HOPS = 4

/**
 * Whether the customer's track (laid in step) holds the robot's speech as the full track does: then
 * it is no customer track, and the call is one of a full track alone.
 */
export function holdsTheRobot(full: DecodedTrack, customer: DecodedTrack): boolean {
  if (full.sampleRate !== customer.sampleRate) return false
  const hop = Math.round(full.sampleRate * HOP_SEC)
  // Each track's own sums per hop are worked out once per track (the levels need them too).
  const fullHops = hopSquareSums(full.samples, hop)
  const customerHops = hopSquareSums(customer.samples, hop)
  let fc = 0
  let ff = 0
  let cc = 0
  for (let h = 0; h < Math.min(fullHops.length, customerHops.length); h += STRIDE_HOPS) {
    fc += dot(customer.samples, full.samples, h * hop, (h + 1) * hop, 0)
    ff += fullHops[h] as number
    cc += customerHops[h] as number
  }
  if (ff <= 0 || cc <= 0) return false
  // The residual at the least-squares gain: Σf² − (Σfc)²/Σc².
  const residual = Math.max(0, ff - (fc * fc) / cc)
  return residual < Math.pow(10, HOLDS_ROBOT_DB / 10) * ff
}

/**
 * Whether the customer's track (laid in step) is heard in the full track: its loudest hops cancel
 * there. A leg that was not recorded (silence, or noise of its own) is not; a customer whose
 * every word a busy line hides from the customer track's speech detection still is.
 */
export function heardInTheMix(full: DecodedTrack, customer: DecodedTrack): boolean {
  if (full.sampleRate !== customer.sampleRate) return false
  const hop = Math.round(full.sampleRate * HOP_SEC)
  const judged = loudestHops(hopSquareSums(customer.samples, hop), JUDGED_HOPS)
  return judged.length >= MIN_JUDGED_HOPS && cancelAt(full, customer, judged, hop, 0) < CANCEL_DB
}

/** A hop is the tracks' shared side where, at its own best gain, one explains the other to within
 * this share of its energy (−10 dB). */
const SHARED_RESIDUAL = 0.1
/** The tracks are swapped where the customer's, at its side's gain, carries this much more energy
 * than the full track. */
const SWAPPED_EXCESS = 1.05

/**
 * The gain of `customer`'s side in `full`, over those of `hops` (of `hop` samples) where it makes
 * up `full` alone; NaN with fewer than MIN_JUDGED_HOPS such hops. (cancellation's gain is fitted
 * over all its hops, a quarter of which may be enough for it to cancel.)
 */
function sideGain(full: DecodedTrack, customer: DecodedTrack, fullHops: Float64Array, customerHops: Float64Array, hops: readonly number[], hop: number): number {
  let sumFc = 0
  let sumCc = 0
  let shared = 0
  for (const h of hops) {
    const fc = dot(customer.samples, full.samples, h * hop, (h + 1) * hop, 0)
    const ff = fullHops[h] ?? 0
    const cc = customerHops[h] ?? 0
    if (ff <= 0 || cc <= 0 || 1 - (fc * fc) / (ff * cc) >= SHARED_RESIDUAL) continue
    sumFc += fc
    sumCc += cc
    shared++
  }
  return shared >= MIN_JUDGED_HOPS ? sumFc / sumCc : Number.NaN
}

/**
 * Whether the two recordings were given the other way round (the customer's side as the full
 * track, the whole call as the customer's). A full track holds the customer's side and more (the
 * robot, the line's noise): at the gain the side has in it, the customer's track carries less
 * energy than the full track, and given the other way round more. The gain is fitted on the
 * customer's loudest hops where the side makes up the full track alone, or else (the robot filling
 * those hops, as it does in a mix) on the full track's. Over the development sets' 882 two-track
 * calls the ratio was at most 0.984 as given, and over SWAPPED_EXCESS for 862 swapped (of the rest,
 * 12 have no shared hops either way and 8 came out under the bar, as low as 0.90).
 */
export function swappedTracks(full: DecodedTrack, customer: DecodedTrack): boolean {
  if (full.sampleRate !== customer.sampleRate) return false
  const hop = Math.round(full.sampleRate * HOP_SEC)
  const fullHops = hopSquareSums(full.samples, hop)
  const customerHops = hopSquareSums(customer.samples, hop)
  let gain = sideGain(full, customer, fullHops, customerHops, loudestHops(customerHops, JUDGED_HOPS), hop)
  if (Number.isNaN(gain)) gain = 1 / sideGain(customer, full, customerHops, fullHops, loudestHops(fullHops, JUDGED_HOPS), hop)
  if (!Number.isFinite(gain)) return false
  let fullEnergy = 0
  let customerEnergy = 0
  for (let h = 0; h < Math.min(fullHops.length, customerHops.length); h++) {
    fullEnergy += fullHops[h] as number
    customerEnergy += customerHops[h] as number
  }
  return gain * gain * customerEnergy > SWAPPED_EXCESS * fullEnergy
}

/**
 * The customer's track at the full track's rate, where the two differ (8 and 16 kHz: a mix made at
 * the robot's rate of a customer leg recorded at the line's): 16 kHz taken down to every other
 * sample, 8 kHz brought up by the midpoint between neighbours, so that a leg resampled either way
 * into the mix still cancels there. Any other pair is left as it is.
 */
export function atRateOf(full: DecodedTrack, customer: DecodedTrack): DecodedTrack {
  const { samples, sampleRate } = customer
  if (sampleRate === full.sampleRate) return customer
  const down = sampleRate === 2 * full.sampleRate
  const up = 2 * sampleRate === full.sampleRate
  if (!down && !up) return customer
  const out = samples instanceof Int16Array ? new Int16Array(down ? samples.length >> 1 : samples.length * 2) : new Float32Array(down ? samples.length >> 1 : samples.length * 2)
  if (down) for (let i = 0; i < out.length; i++) out[i] = samples[2 * i] as number
  else
    for (let i = 0; i < samples.length; i++) {
      const a = samples[i] as number
      const b = (samples[i + 1] ?? a) as number
      out[2 * i] = a
      out[2 * i + 1] = samples instanceof Int16Array ? Math.round((a + b) / 2) : (a + b) / 2
    }
  return { samples: out, scale: customer.scale, sampleRate: full.sampleRate }
}
