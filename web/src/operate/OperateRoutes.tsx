import { Route, Routes } from "react-router-dom";
import Dashboard from "./Dashboard";
import InstanceView from "./InstanceView";
import "./operate.css";
import ProcessesPage from "./ProcessesPage";
import ProcessView from "./ProcessView";

/** Operate's pages under /operate. */
export default function OperateRoutes() {
  return (
    <Routes>
      <Route index element={<Dashboard />} />
      <Route path="processes" element={<ProcessesPage />} />
      <Route path="processes/:name" element={<ProcessView />} />
      <Route path="instances/:id" element={<InstanceView />} />
      <Route path="*" element={<Dashboard />} />
    </Routes>
  );
}
