import clsx from "clsx";
import { Search } from "lucide-react";
import { Input } from "./field";

interface SearchInputProps {
  /** The accessible name. */
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  /** The box's width, e.g. "w-full sm:w-64". */
  className?: string;
}

/** A search box with its magnifier, for the filter bars above lists. */
export function SearchInput({ label, placeholder, value, onChange, className }: SearchInputProps) {
  return (
    <div className={clsx("relative", className)}>
      <Search
        className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-zinc-400"
        aria-hidden
      />
      <Input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="w-full pl-8"
      />
    </div>
  );
}
