/** Body of every error answer of the API (4xx and 5xx). `message` is French and meant for the user. */
export interface ApiErrorBody {
  statusCode: number;
  /** Stable machine code, e.g. `VALIDATION_FAILED`, `FINESS_INVALID`, `NOT_FOUND`. */
  code: string;
  message: string;
  /** The request field at fault, dotted for nested fields (`members.0.finess`). */
  field?: string;
  details?: Record<string, unknown>;
  /** Correlates the answer with the server logs. */
  requestId?: string;
}

/** Every paged list answers this shape. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
