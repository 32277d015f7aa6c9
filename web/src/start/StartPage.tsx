import { Empty } from "../app/states";

/** PLACEHOLDER until the start-process work lands. */
export default function StartPage() {
  return <Empty title="Start a process">The processes you may start come here.</Empty>;
}
