import { Empty } from "../app/states";

/** PLACEHOLDER until the Tasklist work lands. */
export default function TasklistPage() {
  return <Empty title="Tasklist">The task list comes here.</Empty>;
}
