import { looksUnlikely, nameWeight, tagWeight } from './content-names.js';
import type { ContentNode } from './content-tree.js';

/** What one extraction attempt trusts; later attempts trust less, for pages the first one emptied. */
export interface Attempt {
  stripUnlikely: boolean;
  weighNames: boolean;
  cleanConditionally: boolean;
}

/** A block shorter than this (characters, not counting whitespace) is no paragraph. */
const MIN_PARAGRAPH = 25;
/** Commas a paragraph scores at most: a code block or data list full of them outscored whole articles. */
const MAX_COMMAS = 10;
/** How many ancestors a paragraph's score reaches. */
const SCORED_ANCESTORS = 5;
/** Blocks that are a paragraph themselves, so their score goes to the element holding them. */
const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'blockquote', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Blocks whose text is never prose of their own: menus, tables' rows, the document itself. */
const UNSCORED_TAGS = new Set(['li', 'ul', 'ol', 'dl', 'dt', 'dd', 'tr', 'table', 'tbody', 'thead', 'html', '#root', 'h1', 'th']);

/** Fills each node's text, link and element counts for this attempt, leaving out what it excludes. */
export function measureNodes(nodes: readonly ContentNode[], attempt: Attempt): void {
  const root = nodes[0];
  const pageLength = root === undefined ? 0 : root.allLength + root.ownLength;
  for (const node of nodes) {
    const parent = node.parent;
    node.excluded = node.hidden || parent?.excluded === true || (attempt.stripUnlikely && looksUnlikely(node, pageLength));
    node.textLength = node.linkLength = node.commas = node.inlineLength = node.inlineCommas = 0;
    node.paragraphs = node.images = node.listItems = node.inputs = 0;
    node.hasBlockChild = false;
    node.score = undefined;
  }
  // In reverse document order every element comes after all of its descendants.
  for (let i = nodes.length - 1; i > 0; i--) {
    const node = nodes[i]!;
    const parent = node.parent!;
    if (node.tag === 'input' || node.tag === 'select' || node.tag === 'textarea') parent.inputs += 1;
    if (node.excluded) continue;
    node.textLength += node.ownLength;
    node.commas += node.ownCommas;
    node.inlineLength += node.ownLength;
    node.inlineCommas += node.ownCommas;
    parent.textLength += node.textLength;
    parent.linkLength += node.tag === 'a' ? node.textLength : node.linkLength;
    parent.commas += node.commas;
    parent.paragraphs += node.paragraphs + (node.tag === 'p' ? 1 : 0);
    parent.images += node.images + (node.tag === 'img' ? 1 : 0);
    parent.listItems += node.listItems + (node.tag === 'li' ? 1 : 0);
    parent.inputs += node.inputs;
    if (node.isInline) {
      parent.inlineLength += node.inlineLength;
      parent.inlineCommas += node.inlineCommas;
    } else {
      parent.hasBlockChild = true;
    }
  }
}

/**
 * Readability's scoring: each paragraph scores one, plus its commas (up to ten), plus one per 100
 * characters (up to three), and hands that to the element holding it and, less and less, to four more ancestors.
 * Text directly inside a container with other blocks is a paragraph of that container.
 */
export function scoreParagraphs(nodes: readonly ContentNode[], attempt: Attempt): ContentNode[] {
  const candidates: ContentNode[] = [];
  for (const node of nodes) {
    if (node.excluded || node.isInline || UNSCORED_TAGS.has(node.tag) || node.inlineLength < MIN_PARAGRAPH) continue;
    const points = 1 + Math.min(node.inlineCommas, MAX_COMMAS) + Math.min(Math.floor(node.inlineLength / 100), 3);
    let ancestor = PARAGRAPH_TAGS.has(node.tag) || !node.hasBlockChild ? node.parent : node;
    // The root is scored too: a fragment without <html> or <body> has no other element holding its paragraphs.
    for (let level = 0; level < SCORED_ANCESTORS && ancestor !== undefined; level++) {
      if (ancestor.score === undefined) {
        ancestor.score = tagWeight(ancestor.tag) + (attempt.weighNames ? nameWeight(ancestor) : 0);
        candidates.push(ancestor);
      }
      ancestor.score += points / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
      ancestor = ancestor.parent;
    }
  }
  for (const candidate of candidates) candidate.score = candidate.score! * (1 - linkDensity(candidate));
  return candidates;
}

export function linkDensity(node: ContentNode): number {
  return node.textLength === 0 ? 0 : node.linkLength / node.textLength;
}
