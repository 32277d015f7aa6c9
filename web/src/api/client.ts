/**
 * The one way the app talks to Baton: same-origin fetch with the session cookie, the CSRF
 * token on unsafe requests, JSON in and out, and errors as `ApiError` with the server's
 * message and per-field errors. A 401 tells the session layer, which returns the user to
 * the sign-in page with the current place remembered.
 */

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly fields: FieldProblem[];

  constructor(status: number, message: string, code?: string, fields: FieldProblem[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  get forbidden(): boolean {
    return this.status === 403;
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called whenever the server answers 401 (the session ended). Returns an unsubscribe. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** Do not report a 401 to the session layer (the sign-in form itself). */
  quiet401?: boolean;
}

export function buildUrl(path: string, query?: RequestOptions["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

interface ErrorBody {
  message?: unknown;
  detail?: unknown;
  error?: unknown;
  code?: unknown;
  validationErrors?: unknown;
}

function fieldProblems(body: ErrorBody): FieldProblem[] {
  const raw = body.validationErrors;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown) => {
    if (typeof item !== "object" || item === null) return [];
    const entry = item as { path?: unknown; message?: unknown };
    return [{ path: String(entry.path ?? ""), message: String(entry.message ?? "") }];
  });
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "Baton cannot be reached. Check your connection and try again.");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) {
    const problem: ErrorBody = typeof body === "object" && body !== null ? (body as ErrorBody) : {};
    const message =
      typeof problem.message === "string"
        ? problem.message
        : typeof problem.detail === "string"
          ? problem.detail
          : `${response.status} ${response.statusText}`;
    const code = typeof problem.error === "string" ? problem.error : undefined;
    if (response.status === 401 && !options.quiet401) {
      for (const listener of unauthenticatedListeners) listener();
    }
    throw new ApiError(response.status, message, code, fieldProblems(problem));
  }
  return body as T;
}
