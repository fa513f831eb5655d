/* What a result shows of its text: one sentence, the query's words marked. */
import { WHITESPACE, isNumber, tokens } from "./tokenize.js";

const SPACES = new RegExp("(" + WHITESPACE.source + ")");

/* About two lines on a phone; a longer sentence is cut at a word and ends with "…". */
export const SNIPPET_LENGTH = 220;

/* A sentence holding the whole phrase beats any count of scattered words. */
const PHRASE_HITS = 100;

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeHTML(text) {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c]);
}

/* A document number in a text ("57-NQ/TW") is marked only when it is the query's: its number
   and a letter part of it are both among the query's words ("ct 57" marks 57-CT/TW, not
   57-NQ/TW); a bare number is marked for any query holding it. */
function hits(folded, words, query) {
  const number = folded.find(isNumber);
  const letters = folded.filter((t) => !isNumber(t));
  if (number === undefined || !letters.length || !query) return folded.some((t) => words[t]);
  if (!words[number]) return letters.some((t) => words[t]);
  return letters.some((t) => query.includes(t)) || !query.some((t) => !isNumber(t));
}

/** `text` as HTML, each word whose folded form is one of `words` inside <mark>; `query` (the
    query's words) keeps other documents' numbers unmarked. */
export function highlight(text, words, query) {
  return text
    .split(SPACES)
    .map((word) => {
      const hit = hits(wordTokensOf(word), words, query);
      return hit ? "<mark>" + escapeHTML(word) + "</mark>" : escapeHTML(word);
    })
    .join("");
}

/* The same titles and sentences are highlighted again at every keystroke: each word as
   written is folded once and kept, up to this many. */
const KEPT_WORDS = 50000;
const written = new Map();

function wordTokensOf(word) {
  let folded = written.get(word);
  if (folded === undefined) {
    folded = tokens(word);
    if (written.size < KEPT_WORDS) written.set(word, folded);
  }
  return folded;
}

/* Texts already split into sentences and their words: the same texts are snippeted again
   at every keystroke. Up to this many are kept. */
const KEPT_TEXTS = 200;
const split = new Map();

/** [sentence, its tokens, " tokens joined "] of each sentence of `text`. */
export function sentencesOf(text) {
  let sentences = split.get(text);
  if (!sentences) {
    sentences = text.split(/(?<=[.;!?])\s+/).map((sentence) => {
      const folded = tokens(sentence);
      return [sentence, folded, " " + folded.join(" ") + " "];
    });
    if (split.size >= KEPT_TEXTS) split.delete(split.keys().next().value);
    split.set(text, sentences);
  }
  return sentences;
}

/* How many distinct query positions the tokens `folded` reach (`words`: word → position + 1),
   counted without building a set a sentence (a snippet weighs every sentence of a section). */
function distinctHits(folded, words) {
  let mask = 0;
  let count = 0;
  let many = null;
  for (const token of folded) {
    const position = words[token];
    if (!position) continue;
    if (typeof position === "number" && position < 31) {
      const bit = 1 << position;
      if (!(mask & bit)) {
        mask |= bit;
        count += 1;
      }
    } else {
      many = many || new Set();
      if (!many.has(position)) {
        many.add(position);
        count += 1;
      }
    }
  }
  return count;
}

/** The sentence with the phrase, else the one matching the most distinct query words.
    `words` maps a matched word to its query position + 1; `phrase` is " w1 w2 ". */
export function snippet(text, words, phrase) {
  const sentences = sentencesOf(text);
  let best = sentences.length ? sentences[0][0] : "";
  let top = -1;
  for (const [sentence, folded, joined] of sentences) {
    const holdsPhrase = joined.includes(phrase);
    const hits = distinctHits(folded, words) + (holdsPhrase ? PHRASE_HITS : 0);
    if (hits > top) {
      top = hits;
      best = sentence;
    }
  }
  if (best.length <= SNIPPET_LENGTH) return best;
  return best.slice(0, SNIPPET_LENGTH).replace(/\s+\S*$/, "") + " …";
}

/** Index of the section where the query's words weigh most, or -1. */
export function bestSection(entry) {
  let best = -1;
  let top = 0;
  for (const key of Object.keys(entry.sections)) {
    if (entry.sections[key] > top) {
      top = entry.sections[key];
      best = Number(key);
    }
  }
  return best;
}
