import { RE2JS } from 're2js';
import { REDACTED } from './redacted';
import { REDACTION_RULES, RedactionRule } from './redactionRules';

/**
 * Text a pattern sees from where it is tried: a secret running past it is
 * redacted up to its end all the same (see `extendSecret`).
 */
export const ATTEMPT_CHARS = 512;
/**
 * A long line is looked at in regions of REGION_CHARS; where a region has
 * many trigger words, the rule's RE2 automaton first checks the region plus
 * WINDOW_OVERLAP_CHARS after it, and the region is skipped when nothing in
 * it can match. The overlap bounds how long the start of a match (the key,
 * its separator and the first character of the value) may be.
 */
export const REGION_CHARS = 15 * 1024;
export const WINDOW_OVERLAP_CHARS = 1024;
/** Tries in a region before the automaton is asked whether any can match. */
const TRIES_BEFORE_CHECK = 4;
/**
 * Most patterns tried on one line, all rules together. Past it the rest of
 * the line is replaced whole: only a line built to be slow has this many
 * places where a secret may start and some do.
 */
export const MAX_TRIES_PER_LINE = 10_000;

/** Set-Cookie attributes: their values are not secrets. */
const COOKIE_ATTRIBUTES = new Set([
  'path',
  'domain',
  'expires',
  'max-age',
  'samesite',
  'secure',
  'httponly',
  'priority',
  'partitioned',
]);

interface CompiledRule {
  rule: RedactionRule;
  /**
   * the rule's trigger words, literal (linear in V8); lowercase, run on the
   * lowercased line, unless the rule is case-sensitive
   */
  trigger: RegExp;
  /** the same, case-insensitive, for a line whose lowercase has another length */
  triggerAnyCase: RegExp;
  /** unanchored, asked only whether a region can match (RE2 automaton) */
  anywhere: RE2JS;
  /** anchored, with groups: tried where a trigger word starts */
  anchored: RE2JS;
  secretGroups: string[];
}

/**
 * Stems the first scan looks for instead of every trigger word holding one
 * (`api_key`, `private-key`, `access_token`...): V8 scans an alternation
 * of a few dozen words several times faster than one of a hundred. A line
 * with a stem then has each of its rules' own words looked for.
 */
const TRIGGER_STEMS = [
  'key',
  'token',
  'secret',
  'pass',
  '_live_',
  '_test_',
  'xox',
];

/**
 * The words of the first scan: each trigger, or a stem it holds; none
 * that holds another (finding the shorter is enough). Every trigger holds
 * one of them, so a line without any has no trigger.
 */
function firstScanWords(triggers: string[]): string[] {
  const stems = TRIGGER_STEMS.filter(s => triggers.some(t => t.includes(s)));
  const candidates = [...new Set([...triggers, ...stems])];
  return candidates.filter(
    w => !candidates.some(other => other !== w && w.includes(other)),
  );
}

const NO_REQUIREMENTS: readonly string[] = [];

interface Budget {
  tries: number;
}

function literalAlternation(words: readonly string[], flags: string): RegExp {
  const escaped = [...words]
    .sort((a, b) => b.length - a.length)
    .map(w => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return new RegExp(escaped.join('|'), flags);
}

function compile(rule: RedactionRule): CompiledRule {
  const flags = rule.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE;
  const anchored = RE2JS.compile(`^(?:${rule.pattern})`, flags);
  const groups = Object.keys(anchored.namedGroups());
  const secretGroups = groups.filter(g =>
    rule.replace === 'cookies' ? g === 'cookies' : g.startsWith('secret'),
  );
  if (!secretGroups.length) {
    throw new Error(`redaction rule ${rule.name} has no group to replace`);
  }
  return {
    rule,
    trigger: rule.caseSensitive
      ? literalAlternation(rule.triggers, 'g')
      : literalAlternation(
          rule.triggers.map(t => t.toLowerCase()),
          'g',
        ),
    triggerAnyCase: literalAlternation(
      rule.triggers,
      rule.caseSensitive ? 'g' : 'gi',
    ),
    anywhere: RE2JS.compile(rule.pattern, flags),
    anchored,
    secretGroups,
  };
}

const isStop = (c: number) =>
  c === 0x20 || // space
  (c >= 0x09 && c <= 0x0d) || // \t \n \v \f \r
  c === 0x22 || // "
  c === 0x27 || // '
  c === 0x2c || // ,
  c === 0x3b || // ;
  c === 0x26 || // &
  c === 0x3c || // <
  c === 0x3e; // >

/**
 * Where a secret that ran to the end of the text its pattern saw really
 * ends: at its closing quote (escapes skipped) when it was opened by one,
 * else at the next space or separator. One forward scan.
 */
function extendSecret(line: string, start: number, end: number): number {
  const open = line[start - 1];
  let i = end;
  if (open === '"' || open === "'") {
    while (i < line.length && line[i] !== open) i += line[i] === '\\' ? 2 : 1;
    return Math.min(i, line.length);
  }
  while (i < line.length && !isStop(line.charCodeAt(i))) i++;
  return i;
}

/** Where a header value (the cookies) that ran past what was seen ends: its line's end or quote. */
function extendHeaderValue(line: string, end: number): number {
  let i = end;
  while (i < line.length && !'\r\n"\'\\'.includes(line[i])) i++;
  return i;
}

/**
 * The values of `name=value; name=value` (a Cookie or Set-Cookie header)
 * as spans; names, and Set-Cookie's attributes, stay.
 */
function cookieValueSpans(
  line: string,
  start: number,
  end: number,
  setCookie: boolean,
  spans: number[],
) {
  let partStart = start;
  let first = true;
  while (partStart < end) {
    let partEnd = line.indexOf(';', partStart);
    if (partEnd < 0 || partEnd > end) partEnd = end;
    let s = partStart;
    while (s < partEnd && line[s] === ' ') s++;
    let e = partEnd;
    while (e > s && line[e - 1] === ' ') e--;
    if (e > s) {
      let eq = s;
      while (eq < e && line[eq] !== '=') eq++;
      const name = line.slice(s, eq).trim().toLowerCase();
      const attribute = setCookie && !first && COOKIE_ATTRIBUTES.has(name);
      if (!attribute) {
        if (eq < e) {
          if (e > eq + 1) spans.push(eq + 1, e);
        } else {
          spans.push(s, e);
        }
      }
      first = false;
    }
    partStart = partEnd + 1;
  }
}

/**
 * Applies the rule table to one line: finds the secrets of every rule and
 * replaces each (merged where they touch) by [REDACTED]. Stateless.
 *
 * Time is linear in the line's length: trigger words are found by one V8
 * scan for literals (no quantifier, no backtracking); patterns run in re2js
 * (an RE2 port: automata, no backtracking) on at most ATTEMPT_CHARS from a
 * trigger; a region with many triggers is first checked whole by the RE2
 * automaton; every scan moves forward; and MAX_TRIES_PER_LINE bounds the
 * number of patterns tried.
 */
export class RuleMatcher {
  private readonly compiled: CompiledRule[];
  /**
   * Per set of rules (those whose `requires` the line holds), their trigger
   * words: lowercase, run on the lowercased line (V8 scans a case-sensitive
   * alternation about three times faster than a case-insensitive one), and
   * any case for lines whose lowercase has another length.
   */
  private readonly scans = new Map<
    string,
    { lower: RegExp; anyCase: RegExp; rulesByWord: Map<string, CompiledRule[]> }
  >();
  private readonly requirements: string[];

  constructor(rules: readonly RedactionRule[] = REDACTION_RULES) {
    this.compiled = rules.map(compile);
    this.requirements = [
      ...new Set(rules.flatMap(r => (r.requires ? [r.requires] : []))),
    ];
  }

  redact(line: string): string {
    const spans = this.secretSpans(line);
    return spans.length ? replaceSpans(line, spans) : line;
  }

  /** [start, end, start, end, ...] of each secret, unsorted. */
  secretSpans(line: string): number[] {
    let lower: string | undefined = line.toLowerCase();
    // a few characters lowercase to two (İ): positions would shift
    if (lower.length !== line.length) lower = undefined;
    const triggered = this.triggeredRules(line, lower);
    if (!triggered) return [];
    const spans: number[] = [];
    const budget: Budget = { tries: MAX_TRIES_PER_LINE };
    for (const c of this.compiled) {
      if (!triggered.has(c)) continue;
      const ok =
        c.rule.caseSensitive || !lower
          ? this.scanRule(c, c.triggerAnyCase, line, line, spans, budget)
          : this.scanRule(c, c.trigger, lower, line, spans, budget);
      if (!ok) break;
    }
    return spans;
  }

  /**
   * The rules one of whose trigger words is in the line (a superset: the
   * case-sensitive ones are checked again): one forward scan.
   */
  private triggeredRules(
    line: string,
    lower: string | undefined,
  ): Set<CompiledRule> | undefined {
    // most texts hold no requirement: no array for them (this runs for
    // every text of every object a LIST brings)
    const held = this.requirements.some(r => line.includes(r))
      ? this.requirements.filter(r => line.includes(r))
      : NO_REQUIREMENTS;
    const scan = this.scanFor(held);
    let triggered: Set<CompiledRule> | undefined;
    const text = lower ?? line;
    const words = lower ? scan.lower : scan.anyCase;
    words.lastIndex = 0;
    for (let found = words.exec(text); found; found = words.exec(text)) {
      triggered ??= new Set<CompiledRule>();
      for (const c of scan.rulesByWord.get(found[0].toLowerCase()) ?? []) {
        triggered.add(c);
      }
      // a word may start inside the one found (`secretoken`)
      words.lastIndex = found.index + 1;
    }
    return triggered;
  }

  private scanFor(held: readonly string[]) {
    const key = held.join('\n');
    let scan = this.scans.get(key);
    if (!scan) {
      const rules = this.compiled.filter(
        c => !c.rule.requires || held.includes(c.rule.requires),
      );
      const triggers = rules.map(c =>
        c.rule.triggers.map(t => t.toLowerCase()),
      );
      const words = firstScanWords(triggers.flat());
      // The alternation reports the longest word at a position; the rules
      // of a shorter word there (`pass` in `password`) must run too.
      const rulesByWord = new Map(
        words.map(word => {
          const prefixes = words.filter(w => word.startsWith(w));
          return [
            word,
            rules.filter((_, i) =>
              triggers[i].some(t => prefixes.some(p => t.includes(p))),
            ),
          ];
        }),
      );
      scan = {
        lower: literalAlternation(words, 'g'),
        anyCase: literalAlternation(words, 'gi'),
        rulesByWord,
      };
      this.scans.set(key, scan);
    }
    return scan;
  }

  /**
   * Tries the rule at each trigger word found in `text` (the line or its
   * lowercase, same positions). False when the budget ran out (the rest of
   * the line is a span then).
   */
  private scanRule(
    c: CompiledRule,
    trigger: RegExp,
    text: string,
    line: string,
    spans: number[],
    budget: Budget,
  ): boolean {
    trigger.lastIndex = 0;
    let region = -1;
    let triesInRegion = 0;
    let checked = false;
    for (let found = trigger.exec(text); found; found = trigger.exec(text)) {
      const at = found.index;
      const r = Math.floor(at / REGION_CHARS);
      if (r !== region) {
        region = r;
        triesInRegion = 0;
        checked = false;
      }
      if (triesInRegion >= TRIES_BEFORE_CHECK && !checked) {
        checked = true;
        const from = Math.max(0, r * REGION_CHARS - 1);
        const to = Math.min(
          line.length,
          (r + 1) * REGION_CHARS + WINDOW_OVERLAP_CHARS,
        );
        if (!c.anywhere.test(line.slice(from, to))) {
          trigger.lastIndex = (r + 1) * REGION_CHARS;
          continue;
        }
      }
      triesInRegion++;
      if (--budget.tries < 0) {
        spans.push(at, line.length);
        return false;
      }
      const end = this.tryAt(c, line, at, spans);
      trigger.lastIndex = end > at ? end : at + 1;
    }
    return true;
  }

  /** Tries the rule where a trigger starts; the end of what it replaced, or -1. */
  private tryAt(
    c: CompiledRule,
    line: string,
    at: number,
    spans: number[],
  ): number {
    const from = at > 0 ? at - 1 : 0;
    const to = Math.min(line.length, at + ATTEMPT_CHARS);
    const seen = line.slice(from, to);
    const matcher = c.anchored.matcher(seen);
    if (!matcher.lookingAt()) return -1;
    let end = from + matcher.end();
    for (const group of c.secretGroups) {
      const gs = matcher.start(group);
      const ge = matcher.end(group);
      if (gs < 0 || ge <= gs) continue;
      const start = from + gs;
      let stop = from + ge;
      if (ge === seen.length && to < line.length) {
        stop =
          c.rule.replace === 'cookies'
            ? extendHeaderValue(line, stop)
            : extendSecret(line, start, stop);
      }
      if (c.rule.replace === 'cookies') {
        const head = line.slice(from, start).toLowerCase();
        cookieValueSpans(line, start, stop, head.includes('set-'), spans);
      } else {
        spans.push(start, stop);
      }
      end = Math.max(end, stop);
    }
    return end;
  }
}

/** Replaces each span, merging spans that overlap or touch. */
export function replaceSpans(line: string, spans: number[]): string {
  const order: number[] = [];
  for (let i = 0; i < spans.length; i += 2) order.push(i);
  order.sort((a, b) => spans[a] - spans[b] || spans[b + 1] - spans[a + 1]);
  let out = '';
  let copied = 0;
  let openStart = -1;
  let openEnd = -1;
  for (const i of order) {
    const s = spans[i];
    const e = spans[i + 1];
    if (openStart >= 0 && s <= openEnd) {
      openEnd = Math.max(openEnd, e);
      continue;
    }
    if (openStart >= 0) {
      out += line.slice(copied, openStart) + REDACTED;
      copied = openEnd;
    }
    openStart = s;
    openEnd = e;
  }
  if (openStart >= 0) {
    out += line.slice(copied, openStart) + REDACTED;
    copied = openEnd;
  }
  return out + line.slice(copied);
}
