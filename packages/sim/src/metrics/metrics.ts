/**
 * Ground-truth metrics of scoring configs: precision and recall of the notification rule, ROC and AUC for
 * "closer than d metres for longer than t minutes", and TC4TL-style nDCF (P_miss + P_fa) of the distance
 * a phone infers from attenuation.
 *
 * @packageDocumentation
 */

import { lovettDistance } from '../channel/ble-channel';
import type { ScoringConfig } from '../model/params';
import type { TruthStore } from './truth-store';

/** One point of a ROC curve. */
export interface RocPoint {
  /** Score threshold (predicted positive when score ≥ threshold). */
  threshold: number;
  /** False-positive rate. */
  fpr: number;
  /** True-positive rate. */
  tpr: number;
}

/** A ROC curve and its area. */
export interface Roc {
  /** Area under the curve (ties count half). */
  auc: number;
  /** Curve points from (0,0) to (1,1), at most ~100 of them. */
  points: RocPoint[];
  /** Number of positives. */
  positives: number;
  /** Number of negatives. */
  negatives: number;
}

/**
 * ROC curve and AUC of `scores` against boolean `labels` (higher score = more likely positive).
 *
 * @param scores - one score per item.
 * @param labels - one label per item.
 * @param maxPoints - how many curve points to keep.
 * @returns the curve; AUC is `NaN` when a class is empty.
 * @example
 * ```ts
 * roc([0.9, 0.1], [true, false]).auc; // 1
 * ```
 */
export function roc(scores: ArrayLike<number>, labels: ArrayLike<boolean>, maxPoints = 101): Roc {
  return rocInOrder(scores, labels, descendingOrder(scores), maxPoints);
}

/** Indexes of `scores` by decreasing score (ties by index), computed once per score array. */
function descendingOrder(scores: ArrayLike<number>): Uint32Array {
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => scores[y]! - scores[x]! || x - y);
  return order;
}

/** {@link roc} with the sort order given (so that several label sets can share one sort of the scores). */
function rocInOrder(scores: ArrayLike<number>, labels: ArrayLike<boolean>, order: Uint32Array, maxPoints: number): Roc {
  const n = scores.length;
  let pos = 0;
  for (let i = 0; i < n; i++) if (labels[i]) pos++;
  const neg = n - pos;
  const all: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (let i = 0; i < n; ) {
    const s = scores[order[i]!]!;
    let dtp = 0;
    let dfp = 0;
    while (i < n && scores[order[i]!]! === s) {
      if (labels[order[i]!]) dtp++;
      else dfp++;
      i++;
    }
    area += dfp * (tp + dtp / 2);
    tp += dtp;
    fp += dfp;
    all.push({ threshold: s, fpr: neg ? fp / neg : 0, tpr: pos ? tp / pos : 0 });
  }
  const step = Math.max(1, Math.ceil(all.length / maxPoints));
  const points = all.filter((_, i) => i % step === 0 || i === all.length - 1);
  return { auc: pos && neg ? area / (pos * neg) : Number.NaN, points, positives: pos, negatives: neg };
}

/** Metrics of one scoring config for one ground-truth distance threshold. */
export interface DistanceMetrics {
  /** Distance threshold d (m). */
  distanceM: number;
  /** Duration threshold t (min). */
  minutes: number;
  /** Precision of the notification rule (weighted seconds ≥ daily threshold) for "≤ d m for ≥ t min". */
  precision: number;
  /** Recall of the same rule. */
  recall: number;
  /** ROC of the weighted-duration score for "≤ d m for ≥ t min". */
  roc: Roc;
  /** ROC of the mean typical attenuation (lower = closer) for "≤ d m", over contacts with sightings. */
  attenuationRoc: Roc;
  /** TC4TL nDCF = P_miss + P_fa of "inferred distance ≤ d" (Lovett inverse of mean attenuation). */
  ndcf: number;
  /** P_miss of that decision. */
  pMiss: number;
  /** P_fa of that decision. */
  pFa: number;
}

/** All metrics of one scoring config. */
export interface ScoringMetrics {
  /** Config name. */
  name: string;
  /** The config. */
  config: ScoringConfig;
  /** Contacts evaluated (directions of app–app contacts). */
  trials: number;
  /** Contacts with at least one sighting. */
  sighted: number;
  /** Per distance threshold. */
  byDistance: DistanceMetrics[];
}

/**
 * Computes the ground-truth metrics of every tracked scoring config.
 *
 * @param truth - the run's ground truth.
 * @param scorings - configs in the order tracked by `truth`.
 * @param distancesM - distance thresholds (e.g. 1.2, 1.8, 3.0).
 * @param minutes - duration threshold.
 * @param environment - restrict to one environment code, or −1 for all.
 * @returns one entry per config.
 * @example
 * ```ts
 * const m = scoringMetrics(out.truth, out.scorings, [1.2, 1.8, 3], 15, -1);
 * ```
 */
export function scoringMetrics(
  truth: TruthStore,
  scorings: readonly ScoringConfig[],
  distancesM: readonly number[],
  minutes: number,
  environment = -1,
): ScoringMetrics[] {
  const rows: number[] = [];
  for (let i = 0; i < truth.count; i++) if (environment < 0 || truth.environment[i] === environment) rows.push(i);
  const sightedRows = rows.filter((i) => truth.scans[i]! > 0);
  const meanAtt = sightedRows.map((i) => truth.attenuationSum[i]! / truth.scans[i]!);
  const negMeanAtt = meanAtt.map((a) => -a);
  const attOrder = descendingOrder(negMeanAtt);
  return scorings.map((config, c) => {
    const score = rows.map((i) => truth.weightedSeconds[i * truth.configs + c]!);
    const scoreOrder = descendingOrder(score);
    const byDistance = distancesM.map((d): DistanceMetrics => {
      const label = rows.map((i) => truth.distance[i]! <= d && truth.duration[i]! >= minutes * 60);
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (let k = 0; k < rows.length; k++) {
        const predicted = score[k]! >= config.dailyThresholdSeconds;
        if (predicted && label[k]) tp++;
        else if (predicted) fp++;
        else if (label[k]) fn++;
      }
      const close = sightedRows.map((i) => truth.distance[i]! <= d);
      let miss = 0;
      let fa = 0;
      let nPos = 0;
      for (let k = 0; k < sightedRows.length; k++) {
        const inferredClose = lovettDistance(meanAtt[k]!) <= d;
        if (close[k]) {
          nPos++;
          if (!inferredClose) miss++;
        } else if (inferredClose) fa++;
      }
      const nNeg = sightedRows.length - nPos;
      const pMiss = nPos ? miss / nPos : Number.NaN;
      const pFa = nNeg ? fa / nNeg : Number.NaN;
      return {
        distanceM: d,
        minutes,
        precision: tp + fp ? tp / (tp + fp) : Number.NaN,
        recall: tp + fn ? tp / (tp + fn) : Number.NaN,
        roc: rocInOrder(score, label, scoreOrder, 101),
        attenuationRoc: rocInOrder(negMeanAtt, close, attOrder, 101),
        ndcf: pMiss + pFa,
        pMiss,
        pFa,
      };
    });
    return { name: config.name, config, trials: rows.length, sighted: sightedRows.length, byDistance };
  });
}
