import type { FieldRow } from "./openapi";

/** Fields of a request or response body, nested fields indented under their parent. */
export function FieldTable({ rows, caption }: { rows: FieldRow[]; caption: string }) {
  if (rows.length === 0) return null;
  return (
    <div>
      <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {caption}
      </h4>
      <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
        <table aria-label={caption} className="w-full text-left text-xs">
          <tbody>
            {rows.map((row) => (
              <tr key={row.path} className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-800/70">
                <td
                  className="w-[38%] py-1.5 pr-3 pl-3 whitespace-nowrap"
                  style={{ paddingLeft: `${0.75 + row.depth * 1.1}rem` }}
                >
                  <span className="font-mono text-zinc-900 dark:text-zinc-100">{row.name}</span>
                  {row.required && (
                    <span className="ml-1.5 text-[10px] font-medium text-red-600 dark:text-red-400">required</span>
                  )}
                </td>
                <td className="py-1.5 pr-3 font-mono whitespace-nowrap text-violet-700 dark:text-violet-300">
                  {row.type}
                </td>
                <td className="w-1/2 py-1.5 pr-3 text-zinc-600 dark:text-zinc-400">
                  {row.description}
                  {row.values && (
                    <span className="mt-0.5 block font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
                      {row.values.join(" · ")}
                    </span>
                  )}
                  {row.defaultValue && (
                    <span className="mt-0.5 block text-[11px] text-zinc-500 dark:text-zinc-400">
                      default {row.defaultValue}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
