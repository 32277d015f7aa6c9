import { Empty } from "../app/states";

/** PLACEHOLDER until the Operate work lands. */
export default function OperateRoutes() {
  return <Empty title="Operate">The dashboard comes here.</Empty>;
}
