/** Entries of a timeline grouped by their calendar day, newest first as they come. */
export interface DayGroup<T> {
  day: string;
  label: string;
  items: T[];
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric" });

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

export function groupByDay<T extends { at: string }>(items: readonly T[], now: Date = new Date()): DayGroup<T>[] {
  const today = dayKey(now);
  const yesterday = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const date = new Date(item.at);
    const day = dayKey(date);
    let group = groups.at(-1);
    if (!group || group.day !== day) {
      group = {
        day,
        label: day === today ? "Today" : day === yesterday ? "Yesterday" : dayFormat.format(date),
        items: [],
      };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}
