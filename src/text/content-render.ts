import { BLOCK_BREAK } from './block-break.js';
import { nameWeight } from './content-names.js';
import type { Attempt } from './content-score.js';
import { linkDensity } from './content-score.js';
import type { ContentNode } from './content-tree.js';

/** Containers that may be boilerplate inside the article (share bars, link lists, ad slots, forms). */
const CLEANED_TAGS = new Set(['div', 'section', 'ul', 'ol', 'table', 'form', 'fieldset', 'aside', 'header', 'figure']);
/** A container with this many commas is prose, whatever else it looks like. */
const PROSE_COMMAS = 10;
/** The page's headline is the title, not the article's text. */
const SKIPPED_TAGS = new Set(['h1']);

/**
 * Blank space around a line break, collapsed to one line break (or one BLOCK_BREAK when a block's
 * edge is among them): the same text as before block breaks, once they are replaced by line breaks.
 */
const LINE_BREAK_SPACE = new RegExp(`[ \\t\\f\\r]*[\\n${BLOCK_BREAK}][\\s${BLOCK_BREAK}]*`, 'g');
const EDGE_SPACE = new RegExp(`^[\\s${BLOCK_BREAK}]+|[\\s${BLOCK_BREAK}]+$`, 'g');

/**
 * The text of the chosen elements, without the boilerplate left inside them: a BLOCK_BREAK between
 * blocks, and a line break for a `<br>` (or one in the page's source, which is no boundary at all).
 */
export function renderText(kept: readonly ContentNode[], attempt: Attempt): string {
  const parts: string[] = [];
  for (const node of kept) renderNode(node, attempt, parts, true);
  const collapsed = parts.join('').replace(LINE_BREAK_SPACE, (space) => (space.includes(BLOCK_BREAK) ? BLOCK_BREAK : '\n'));
  return collapsed.replace(EDGE_SPACE, '');
}

function renderNode(node: ContentNode, attempt: Attempt, parts: string[], isChosen: boolean): void {
  if (node.excluded || SKIPPED_TAGS.has(node.tag)) return;
  if (!isChosen && attempt.cleanConditionally && looksLikeBoilerplate(node, attempt)) return;
  if (node.tag === 'br') {
    parts.push('\n');
    return;
  }
  const block = !node.isInline;
  if (block) parts.push(BLOCK_BREAK);
  for (const child of node.children) {
    if (typeof child === 'string') parts.push(child);
    else renderNode(child, attempt, parts, false);
  }
  if (block) parts.push(BLOCK_BREAK);
}

/**
 * Readability's conditional cleaning: a container inside the article is dropped when its names
 * or score are negative, or, unless it is prose (many commas), when it is mostly links, more list
 * items or form fields than paragraphs, more images than text, or too short to say anything.
 */
function looksLikeBoilerplate(node: ContentNode, attempt: Attempt): boolean {
  if (!CLEANED_TAGS.has(node.tag)) return false;
  const weight = attempt.weighNames ? nameWeight(node) : 0;
  if (weight + (node.score ?? 0) < 0) return true;
  if (node.commas >= PROSE_COMMAS) return false;
  const isList = node.tag === 'ul' || node.tag === 'ol' || node.tag === 'dl';
  const { paragraphs, images, inputs } = node;
  const density = linkDensity(node);
  if (images > 1 && paragraphs / images < 0.5) return true;
  if (!isList && node.listItems - 100 > paragraphs) return true;
  if (inputs > Math.floor(paragraphs / 3)) return true;
  if (!isList && node.textLength < MIN_TEXT && (images === 0 || images > 2)) return true;
  return weight < 25 ? density > 0.2 : density > 0.5;
}

const MIN_TEXT = 25;
