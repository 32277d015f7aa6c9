import type { InstanceState } from "./api";
import { STATE_BADGE, STATE_LABEL } from "./format";

/** The state as a word (never colour alone). */
export function StateBadge({ state }: { state: InstanceState }) {
  return <span className={STATE_BADGE[state]}>{STATE_LABEL[state]}</span>;
}
