import type { FieldProblem } from "../api/client";

/** Problems the form could not put on a field (a path it does not show, or the whole form). */
export function FormProblems({ problems }: { problems: FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="form-problems" role="alert">
      <p>The server refused these values:</p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>
            {problem.path ? <code>{problem.path}</code> : null} {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
