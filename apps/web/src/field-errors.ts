/** A problem the API found with one field, as its 400s list them. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The form field an API field belongs to: `topics[0]` to `topics`, `measure.name` to `measure`. */
export const formFieldOf = (field: string) => field.split(/[.[]/)[0] ?? field;

/** `durationMinutes` → `Duration minutes`, `topics[0]` → `Topics item 1`: an API field name, as a person reads it. */
export const humanise = (field: string) => {
  const words = field
    .replace(/\[(\d+)\]/g, (_, i: string) => ` item ${Number(i) + 1}`)
    .replace(/\./g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The API's field problems by form field: each field's message says every problem the API found in it. */
export function fieldErrors(details: readonly FieldProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const d of details) {
    const field = formFieldOf(d.field);
    const text = `${humanise(d.field)} ${d.message}`;
    errors[field] = errors[field] ? `${errors[field]}; ${text}` : text;
  }
  return errors;
}
