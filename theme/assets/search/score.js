/* Ranking: which documents hold every word of the query, and in which order.
   The index (builder/outputs/search.py) codes each posting's field with a number and writes
   its table of codes in docs.json as `fields`; the weights here are keyed by field name. */
import { untyped } from "./keys.js";
import { expand, EXACT, typoKeys, WORD_EDIT } from "./match.js";
import { sentencesOf } from "./snippet.js";
import { isNumber, splitWords, tokens, wordTokens } from "./tokenize.js";

/* How much one matching word says about a document, by the field it is found in. */
export const FIELD_WEIGHTS = {
  /* A number names one document: a query word found there outweighs any text. */
  number: 30,
  /* The title states the subject in a dozen words. */
  title: 6,
  /* Tags are chosen by hand to say what the document is about. */
  tags: 5,
  /* The kind ("chỉ thị", "kế hoạch") narrows the search but many documents share it. */
  type: 4,
  /* Most documents of a province share a handful of issuers: a weak hint. */
  issuer: 2,
};

/* A word of the body: the baseline the field weights are measured against. */
export const SECTION_WEIGHT = 1;

/* Every word found as number, kind or issuer, one of them a number ("ct 57", "57-CT/TW"):
   the reader typed that document's number, which must come first whatever other texts say. */
export const NUMBER_BONUS = 100;

/* The query as typed, word for word, inside a title (checked on the leading results). */
export const TITLE_PHRASE_BONUS = 10;

/* The query's words in order inside one section (checked on the leading results' texts). */
export const SECTION_PHRASE_BONUS = 15;

/* A full text repeats its summary's words at length: the summary comes first. */
export const FULLTEXT_WEIGHT = 0.5;

/* Lower levels repeat the words of what they carry out: the original comes first. */
export const LEVEL_PRIOR = { "trung-uong": 1.1, tinh: 1.05 };

/* Titles up to this many words count fully; a longer one that mentions the word says less
   than a short one about it (damped by the square root of the ratio). */
export const SHORT_TITLE_WORDS = 15;

/* A phrase result that carries out its original may not outrank it: the original is lifted
   just above it. */
const ORIGINAL_LEAD = 0.001;

/* `doc.w`: the title's length in words. */
function titleNorm(doc) {
  return Math.sqrt(SHORT_TITLE_WORDS / Math.max(SHORT_TITLE_WORDS, doc.w || 0));
}

const fieldTables = new WeakMap();

/** The field of a posting's code, from the index's table of codes (`fields` in docs.json):
    its name, its weight, and for a section (coded `section` + its index) which one.
    Each code's answer is made once: a keystroke looks up thousands of postings. */
export function fieldOf(code, fields) {
  let table = fieldTables.get(fields);
  if (!table) {
    table = [];
    for (const name of Object.keys(fields)) {
      if (name === "section") continue;
      table[fields[name]] = { name, section: -1, weight: FIELD_WEIGHTS[name] };
    }
    fieldTables.set(fields, table);
  }
  if (code < fields.section || table[code]) return table[code];
  const section = code - fields.section;
  return (table[code] = { name: "section", section, weight: SECTION_WEIGHT });
}

/* Repeated words count, each repetition less than the one before. */
function frequency(count) {
  return 1 + Math.log(count);
}

function known(token, shards, keyLength) {
  const shard = shards[token.slice(0, keyLength)];
  return Boolean(shard) && Object.prototype.hasOwnProperty.call(shard, token);
}

/** The query's words as the index spells them, once `shards` holds those of `shardKeys`: a
    word typed as raw Telex or VNI keys ("vawn", "vie65t") is read as the word it spells when
    the index knows that word and not the keys as typed. */
export function queryTokens(query, shards, keyLength) {
  return splitWords(query).flatMap((word) => {
    const typed = wordTokens(word);
    const meant = untyped(word);
    const unknown = typed.some((t) => !known(t, shards, keyLength));
    return meant && unknown && known(meant, shards, keyLength) ? [meant] : typed;
  });
}

/** Keys of the shards a query needs first: its words' and those of the words its keys spell. */
export function shardKeys(query, keyLength) {
  const words = splitWords(query);
  const all = [...words.flatMap(wordTokens), ...words.map(untyped).filter(Boolean)];
  return [...new Set(all.map((t) => t.slice(0, keyLength)))];
}

/** Keys of the further shards where the typos among the query's words may find their word. */
export function typoShardKeys(query, shards, keyLength) {
  const missing = queryTokens(query, shards, keyLength).filter(
    (t) => !known(t, shards, keyLength),
  );
  return [...new Set(missing.flatMap((t) => typoKeys(t, keyLength)))];
}

/* Every posting of every query word, gathered per document; `reach` gets, for each query
   word, the words of the index it reached and how closely. A typo that is itself a word
   (WORD_EDIT: "tim" → "tin") is looked up last, and only for the documents holding every
   other word of the query: for any other it could not complete a match, and common words'
   neighbours ("mat" → "mai", "man", "mau") would otherwise weigh thousands of postings. */
function gather(qtokens, shards, index, reach) {
  const perDoc = {};
  const keyLength = index.key_length;
  const later = [];
  const reached = [];
  qtokens.forEach((token, position) => {
    const shard = shards[token.slice(0, keyLength)] || {};
    const near = typoKeys(token, keyLength).map((k) => shards[k]).filter(Boolean);
    const isLast = position === qtokens.length - 1;
    reached[position] = expand(token, shard, isLast, near, true);
  });
  const able = candidates(reached, index.docs.length);
  /* A body posting's count holds in its low bits the words that may follow it (an index
     without them: none). */
  const bits = index.successor_bits || 0;
  const followMask = (1 << bits) - 1;
  const add = (position, word, closeness, postings, onlyMissing) => {
    let id = 0;
    for (let k = 0; k < postings.length; k += 3) {
      id += postings[k];
      if (able && !able[id]) continue;
      let entry = perDoc[id];
      if (onlyMissing && !(entry && entry.missing === position)) continue;
      const field = fieldOf(postings[k + 1], index.fields);
      const counted = postings[k + 2];
      const body = field.section >= 0;
      let weight = field.weight * closeness * frequency(body ? counted >> bits : counted);
      if (field.name === "title") weight *= titleNorm(index.docs[id]);
      if (!entry) {
        entry = perDoc[id] = {
          tokens: {}, close: {}, sections: {}, fields: {}, words: {}, body: {}, follow: {},
        };
      }
      entry.tokens[position] = Math.max(entry.tokens[position] || 0, weight);
      entry.close[position] = Math.max(entry.close[position] || 0, closeness);
      entry.words[word] = position + 1;
      if (field.section >= 0) {
        entry.sections[field.section] = (entry.sections[field.section] || 0) + weight;
        entry.body[position] = Math.max(entry.body[position] || 0, closeness);
        entry.follow[position] = (entry.follow[position] || 0) | (counted & followMask);
      } else if (closeness === EXACT) {
        (entry.fields[position] = entry.fields[position] || {})[field.name] = true;
      }
    }
  };
  qtokens.forEach((token, position) => {
    const words = (reach[position] = new Map());
    for (const [word, closeness, postings] of reached[position]) {
      words.set(word, closeness);
      if (closeness === WORD_EDIT) later.push([position, word, postings]);
      else add(position, word, closeness, postings, false);
    }
  });
  if (later.length && qtokens.length > 1) {
    for (const entry of Object.values(perDoc)) {
      const absent = qtokens.map((_, i) => i).filter((i) => entry.tokens[i] === undefined);
      entry.missing = absent.length === 1 ? absent[0] : -1;
    }
    for (const [position, word, postings] of later) add(position, word, WORD_EDIT, postings, true);
  }
  return perDoc;
}

/* Longer queries are not narrowed (a bit a query word below). */
const MAX_NARROWED = 30;

/* Which documents can hold every query word (`reached`: expand's [word, closeness, postings]
   of each): those reached at every position, or at all but one where a typo that is itself
   a word (WORD_EDIT) reaches them. Every other document would be weighed only to be dropped
   (score's `total`); on a common word's prefix ("bảo mật th") that is most of the corpus.
   null: no narrowing (a one-word query, or a very long one). */
function candidates(reached, count) {
  if (reached.length < 2 || reached.length > MAX_NARROWED) return null;
  const present = new Uint32Array(count);
  const edited = new Uint32Array(count);
  reached.forEach((words, position) => {
    const bit = 1 << position;
    for (const [, closeness, postings] of words) {
      const into = closeness === WORD_EDIT ? edited : present;
      let id = 0;
      for (let k = 0; k < postings.length; k += 3) {
        id += postings[k];
        into[id] |= bit;
      }
    }
  });
  const all = 2 ** reached.length - 1;
  const able = new Uint8Array(count);
  for (let id = 0; id < count; id++) {
    const missing = all & ~present[id];
    const oneMissing = (missing & (missing - 1)) === 0 && (edited[id] & missing) !== 0;
    able[id] = missing === 0 || oneMissing ? 1 : 0;
  }
  return able;
}

function byNumber(qtokens, entry) {
  const exact = (position) => entry.fields[position] || {};
  return (
    qtokens.every((_, i) => exact(i).number || exact(i).type || exact(i).issuer) &&
    qtokens.some((token, i) => isNumber(token) && exact(i).number)
  );
}

function total(qtokens, entry, doc) {
  let sum = 0;
  for (let i = 0; i < qtokens.length; i++) {
    if (!entry.tokens[i]) return null;
    sum += entry.tokens[i];
  }
  if (byNumber(qtokens, entry)) sum += NUMBER_BONUS;
  return sum * multiplier(doc);
}

/* A full text below its summary, lower levels below what they carry out. */
function multiplier(doc) {
  return (doc.f ? FULLTEXT_WEIGHT : 1) * (LEVEL_PRIOR[doc.lv] || 1);
}

/** Phrase results first, then score, newer year, later date, lower id. */
export function byScore(a, b) {
  const date = (b.doc.d || 0) - (a.doc.d || 0);
  return (
    (b.phrase || 0) - (a.phrase || 0) ||
    b.score - a.score ||
    b.doc.y - a.doc.y ||
    date ||
    a.id - b.id
  );
}

/** docs.json's columns (builder/outputs/search.py `_columns`) as one object a document:
    {lv, ty, y, d, w, and f, o for a full text, p for what carries out originals}. */
export function documents(columns) {
  return columns.lv.map((lv, id) => {
    const doc = {
      lv: columns.levels[lv],
      ty: columns.types[columns.ty[id]],
      y: columns.y[id],
      d: columns.d[id],
      w: columns.w[id],
    };
    if (columns.o[id] !== undefined) Object.assign(doc, { f: 1, o: columns.o[id] });
    if (columns.p[id]) doc.p = columns.p[id];
    return doc;
  });
}

/**
 * Documents holding every word of `query`, best first.
 * `index` is docs.json (`fields`, `key_length`) with `docs` made rows by `documents`;
 * `shards` maps shard keys to their words.
 */
export function score(query, shards, index) {
  const qtokens = queryTokens(query, shards, index.key_length);
  const reach = [];
  const perDoc = gather(qtokens, shards, index, reach);
  const results = [];
  for (const key of Object.keys(perDoc)) {
    const id = Number(key);
    const doc = index.docs[id];
    const entry = perDoc[key];
    const sum = total(qtokens, entry, doc);
    if (sum === null) continue;
    const needsPhrase = Object.values(entry.close).some((c) => c <= WORD_EDIT);
    results.push({ id, doc, score: sum, entry, needsPhrase });
  }
  results.sort(byScore);
  return { results, tokens: qtokens, reach };
}

const sectionWords = new WeakMap();

/* A section's words, tokenised once: the texts stay cached while the reader types. They are
   its sentences' words (snippet.js splits them once for the snippet too: whitespace parts
   sentences and words alike, so no word is lost or made at a sentence's end). */
function sectionTokens(section) {
  let words = sectionWords.get(section);
  if (!words) {
    words = [];
    for (const sentence of sentencesOf(section[2])) {
      for (const token of sentence[1]) words.push(token);
    }
    sectionWords.set(section, words);
  }
  return words;
}

/* Where in `words` (a section's tokens) the query's words stand in order, each a word it
   reached: the lowest closeness among them (1 = the exact phrase), or 0 when they do not. */
function phraseAt(words, reach) {
  let best = 0;
  for (let i = 0; i + reach.length <= words.length; i++) {
    let close = 1;
    for (let j = 0; j < reach.length && close > 0; j++) {
      close = Math.min(close, reach[j].get(words[i + j]) || 0);
    }
    best = Math.max(best, close);
    if (best === 1) break;
  }
  return best;
}

const titleWords = new WeakMap();

function titleTokens(record) {
  let words = titleWords.get(record);
  if (!words) titleWords.set(record, (words = tokens(record.t || "")));
  return words;
}

/* Postings carry no positions: the words of a phrase ("bình dân học vụ số") are checked
   against the titles and texts of the leading results, which they show anyway.
   `texts` maps a result's id to its sections, [anchor, title, text] each; `records` to its
   record (record/<id>.json: `t` its title). */
export function rankPhrases(found, texts, records = {}) {
  if (found.tokens.length < 2) {
    found.results = found.results.filter((r) => !r.needsPhrase);
    return;
  }
  /* Words without a number ("trần cẩm tú"): the exact phrase outranks scattered words, and
     a phrase one typo away ("bao mat thong tim") outranks them too, below the exact one. */
  const wordsOnly = found.tokens.every((t) => !/\d/.test(t));
  for (const result of found.results) {
    const record = records[result.id];
    if (record && phraseAt(titleTokens(record), found.reach) === EXACT) {
      result.score += TITLE_PHRASE_BONUS * multiplier(result.doc);
    }
    const sections = texts[result.id] || [];
    let at = -1;
    let close = 0;
    sections.forEach((s, i) => {
      const c = phraseAt(sectionTokens(s), found.reach);
      if (c > close) [at, close] = [i, c];
    });
    if (at >= 0) {
      result.score += SECTION_PHRASE_BONUS * close;
      result.phraseSection = at;
      result.phrase = wordsOnly ? (close === EXACT ? 2 : 1) : 0;
    }
  }
  /* A typo that is itself a word counts only inside such a phrase. */
  found.results = found.results.filter((r) => !r.needsPhrase || r.phraseSection !== undefined);
  found.results.sort(byScore);
  preferOriginals(found.results);
}

/** One result a document: its full text (`o` names its summary) goes inside the summary's
    result as `full`, the pair placed where the better of the two ranked; a full text stands
    alone when only it holds the words. */
export function group(found) {
  const summaries = new Map(found.results.filter((r) => !r.doc.f).map((r) => [r.id, r]));
  const placed = new Set();
  const grouped = [];
  for (const r of found.results) {
    const summary = r.doc.f ? summaries.get(r.doc.o) : r;
    if (!summary) {
      grouped.push(r);
      continue;
    }
    if (summary !== r && !summary.full) summary.full = r;
    if (!placed.has(summary)) {
      placed.add(summary);
      grouped.push(summary);
    }
  }
  found.results = grouped;
}

/* A document that carries out another often copies its words: when both hold the exact
   phrase, the original comes first. */
function preferOriginals(results) {
  const at = {};
  results.forEach((r, i) => {
    at[r.id] = i;
  });
  for (const result of results) {
    for (const parent of result.doc.p || []) {
      const original = results[at[parent]];
      const bothPhrase =
        original && original.phraseSection !== undefined && result.phraseSection !== undefined;
      if (bothPhrase && original.score <= result.score) {
        original.score = result.score + ORIGINAL_LEAD;
      }
    }
  }
  results.sort(byScore);
}

/* How much above its own score a document may be lifted as an original (preferOriginals:
   ORIGINAL_LEAD a step), allowing for chains of documents carrying each other out. */
const LIFT_MARGIN = 10 * ORIGINAL_LEAD;

/** A word's bit in a body posting's successor mask (one of `bits`): FNV-1a (32 bits) of its
    letters modulo `bits`, as read/search_terms.py `successor_bit` writes it. */
export function successorBit(token, bits) {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h = Math.imul(h ^ token.charCodeAt(i), 0x01000193) >>> 0;
  }
  return 1 << h % bits;
}

/* Whether the postings leave it possible that the query's words stand side by side in one of
   the document's texts: each word (but the last) followed somewhere by a word the next one
   reaches (`follows[i]`: the bits of the words position i + 1 reaches). */
function mayFollow(entry, follows, edits) {
  for (let i = 0; i < follows.length; i++) {
    /* A typo that is itself a word leaves no posting where the query has that word. */
    if (edits[i]) continue;
    if (((entry.follow[i] || 0) & follows[i]) === 0) return false;
  }
  return true;
}

/* The best `rankPhrases` could make of `result` whose text or record is not at hand: the
   phrase of its words at the closest they reach it everywhere (the lowest, over the query's
   words, of the closest word reached), in its title and in a section; none in a section
   when the postings show its words never follow each other there (`follows`). */
function bestCase(result, wordsOnly, edits, follows) {
  const entry = result.entry;
  const doc = result.doc;
  /* A summary's record shows the title its title postings hold; a campaign's or a
     translation's shows other words too. */
  let inTitle = true;
  const summary = !doc.f && doc.lv !== "";
  let close = EXACT;
  edits.forEach((edit, i) => {
    /* A word one typo away is counted only where the query lacks a word (gather): the text
       may hold it even though no posting says so. */
    close = Math.min(close, Math.max(entry.body[i] || 0, edit ? WORD_EDIT : 0));
    inTitle = inTitle && (!summary || Boolean(entry.fields[i] && entry.fields[i].title));
  });
  if (follows && !mayFollow(entry, follows, edits)) close = 0;
  const title = inTitle ? TITLE_PHRASE_BONUS * multiplier(doc) : 0;
  return {
    id: result.id,
    doc: result.doc,
    score: result.score + title + SECTION_PHRASE_BONUS * close,
    phrase: wordsOnly && close > 0 ? (close === EXACT ? 2 : 1) : 0,
  };
}

/**
 * The first `rows` results `group` will give once every text and record `rankPhrases`
 * weighs is at hand, known already from those of some of them: `found` as `score` gave it
 * (left as it is), `texts` and `records` those at hand, `unknown` the ids whose text or
 * record the phrase check will weigh but which are not at hand yet.
 * Returns {trial}: the results ranked and grouped as if the unknown ones held no phrase, of
 * which the first `rows` are final; or {waiting}: the unknown ids that could still change
 * those rows: one that could rank above their last (at its best case), a typo result (kept
 * only with a phrase: the count depends on it), an original or a document carrying one out
 * beside the leading rows (preferOriginals lifts originals).
 */
export function finalLead(found, texts, records, unknown, rows, bits = 0) {
  const waiting = new Set();
  if (found.tokens.length < 2) return { waiting: unknown };
  for (const r of found.results) if (unknown.has(r.id) && r.needsPhrase) waiting.add(r.id);
  const trial = {
    results: found.results.map((r) => ({ ...r })),
    tokens: found.tokens,
    reach: found.reach,
  };
  const before = new Map(found.results.map((r) => [r.id, r]));
  rankPhrases(trial, texts, records);
  const order = trial.results.slice();
  group(trial);
  const lead = new Set();
  for (const r of trial.results.slice(0, rows)) {
    lead.add(r);
    if (r.full) lead.add(r.full);
  }
  let last = -1;
  order.forEach((r, i) => {
    if (lead.has(r)) last = i;
  });
  if (last < 0) return { waiting: unknown };
  const boundary = order[last];
  const children = new Map();
  for (const r of order) {
    for (const parent of r.doc.p || []) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(r);
    }
  }
  const wordsOnly = found.tokens.every((t) => !/\d/.test(t));
  const edits = found.reach.map((words) => [...words.values()].some((c) => c <= WORD_EDIT));
  const follows = bits
    ? found.reach.slice(1).map((words) => {
        let mask = 0;
        for (const word of words.keys()) mask |= successorBit(word, bits);
        return mask;
      })
    : null;
  const best = new Map();
  for (const r of order) {
    const own = before.get(r.id);
    best.set(r.id, unknown.has(r.id) ? bestCase(own, wordsOnly, edits, follows) : r);
  }
  /* An original that may hold the phrase is lifted above its best child: a few rounds for
     chains (a district's plan carrying out the province's, carrying out the centre's). */
  const lifted = new Map();
  for (let round = 0; round < 4; round++) {
    for (const [parent, kids] of children) {
      const own = best.get(parent);
      if (!own || !(unknown.has(parent) || own.phraseSection !== undefined)) continue;
      const top = Math.max(...kids.map((k) => best.get(k.id).score));
      if (top + LIFT_MARGIN > own.score) {
        best.set(parent, { ...own, score: top + LIFT_MARGIN });
        lifted.set(parent, kids.filter((k) => unknown.has(k.id)).map((k) => k.id));
      }
    }
  }
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    const touches = [...(r.doc.p || []), ...(children.get(r.id) || []).map((k) => k.id)];
    if (i <= last) {
      /* Above the last leading row: one a group takes in (a second full text) too. */
      if (unknown.has(r.id)) waiting.add(r.id);
      for (const id of touches) if (unknown.has(id)) waiting.add(id);
      continue;
    }
    const moved = unknown.has(r.id) || lifted.has(r.id);
    if (moved && byScore(best.get(r.id), boundary) <= 0) {
      if (unknown.has(r.id)) waiting.add(r.id);
      for (const id of lifted.get(r.id) || []) waiting.add(id);
    }
  }
  return waiting.size ? { waiting } : { trial };
}
