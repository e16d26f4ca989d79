import type { ContentNode } from './content-tree.js';
import { linkDensity } from './content-score.js';

/** How many runners-up may vote to widen the choice to the element they share with the winner. */
const RUNNERS_UP = 5;
const RUNNER_UP_RATIO = 0.75;
const VOTES_TO_WIDEN = 3;

/**
 * The element most likely to hold the article: the best-scored one, widened when its close rivals
 * sit in a common ancestor (an article split into several scored blocks), or when an ancestor
 * scores higher still or it is its parent's only element.
 */
export function chooseTop(candidates: readonly ContentNode[]): ContentNode | undefined {
  const ranked = [...candidates].sort((a, b) => b.score! - a.score!);
  let top = ranked[0];
  if (top === undefined) return undefined;
  top = widenToSharedAncestor(top, ranked.slice(1, 1 + RUNNERS_UP).filter((node) => node.score! / top!.score! >= RUNNER_UP_RATIO));
  top = climbToBetterAncestor(top);
  while (top.parent !== undefined && top.parent.tag !== '#root' && top.parent.tag !== 'html' && onlyElementChild(top)) top = top.parent;
  return top;
}

function widenToSharedAncestor(top: ContentNode, rivals: readonly ContentNode[]): ContentNode {
  if (rivals.length < VOTES_TO_WIDEN) return top;
  for (let ancestor = top.parent; ancestor !== undefined && ancestor.tag !== 'body'; ancestor = ancestor.parent) {
    let votes = 0;
    for (const rival of rivals) if (contains(ancestor, rival)) votes += 1;
    if (votes >= VOTES_TO_WIDEN) return ancestor;
  }
  return top;
}

function climbToBetterAncestor(top: ContentNode): ContentNode {
  if (top.score === undefined) return top;
  let lastScore = top.score;
  const floor = lastScore / 3;
  for (let parent = top.parent; parent !== undefined && parent.tag !== 'body' && parent.tag !== '#root'; parent = parent.parent) {
    if (parent.score === undefined) continue;
    if (parent.score < floor) break;
    if (parent.score > lastScore) return parent;
    lastScore = parent.score;
  }
  return top;
}

/**
 * The top element and those of its siblings that look like more of the same: well scored, sharing
 * its class, or a paragraph of prose with few links.
 */
export function gatherSiblings(top: ContentNode): ContentNode[] {
  const parent = top.parent;
  if (parent === undefined) return [top];
  const topScore = top.score ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  const kept: ContentNode[] = [];
  for (const sibling of parent.children) {
    if (typeof sibling === 'string' || sibling.excluded) continue;
    if (sibling === top || looksLikeMore(sibling, top, topScore, threshold)) kept.push(sibling);
  }
  return kept;
}

function looksLikeMore(sibling: ContentNode, top: ContentNode, topScore: number, threshold: number): boolean {
  const bonus = top.names !== '' && sibling.names === top.names ? topScore * 0.2 : 0;
  if (sibling.score !== undefined && sibling.score + bonus >= threshold) return true;
  const density = linkDensity(sibling);
  // Paragraphs nested too deep for their score to reach this level are still the article's.
  if (sibling.score === undefined && sibling.paragraphs >= MIN_NESTED_PARAGRAPHS && sibling.commas >= MIN_NESTED_PARAGRAPHS) return density < 0.25;
  if (sibling.tag !== 'p') return false;
  if (sibling.textLength > 80) return density < 0.25;
  return sibling.textLength > 0 && density === 0 && SENTENCE_END.test(textOf(sibling));
}

const MIN_NESTED_PARAGRAPHS = 3;
/** A sentence's end: Latin-style marks before a space, CJK full stops anywhere (no space follows them). */
const SENTENCE_END = /[.!?।؟](\s|$)|[。！？]/u;

function textOf(node: ContentNode): string {
  return node.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

function contains(ancestor: ContentNode, node: ContentNode): boolean {
  for (let at: ContentNode | undefined = node; at !== undefined; at = at.parent) if (at === ancestor) return true;
  return false;
}

function onlyElementChild(node: ContentNode): boolean {
  for (const sibling of node.parent!.children) {
    if (sibling === node) continue;
    if (typeof sibling === 'string' ? sibling.trim() !== '' : !sibling.excluded) return false;
  }
  return true;
}
