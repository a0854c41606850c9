/** What an operator sees of a node: one word for its heartbeat and its cordon/drain marks. */
export const NODE_STATES = ["ready", "cordoned", "draining", "lost"] as const;
export type NodeState = (typeof NODE_STATES)[number];

export function nodeState(node: { live: boolean; cordoned: boolean; drainingAt: Date | null }): NodeState {
  if (!node.live) return "lost";
  if (node.drainingAt) return "draining";
  return node.cordoned ? "cordoned" : "ready";
}
